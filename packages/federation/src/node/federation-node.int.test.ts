/**
 * @module The federation's behaviour between SQLite nodes (a file each), wired in-process through the handler.
 */
import { openTestNode } from "../testing/test-nodes.js";
import { federationNodeBehaviour } from "./federation-node.behaviour.js";

federationNodeBehaviour("SQLite", openTestNode);
