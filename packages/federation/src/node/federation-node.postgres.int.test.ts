/**
 * @module The federation's behaviour between PostgreSQL nodes (a schema each of the test run's server), wired
 * in-process through the handler: the same cases as on SQLite.
 */
import { openPostgresTestNode } from "../testing/test-nodes.js";
import { federationNodeBehaviour } from "./federation-node.behaviour.js";

federationNodeBehaviour("PostgreSQL", openPostgresTestNode);
