/**
 * @module Who a page's write is recorded under: the signed-in person as `login@node`, as the API records a token's
 * name (`AccountStore` gives people the same actor).
 */
import type { Viewer } from "@planledger/web";
import type { Acting } from "../command/report-commands.js";
import type { NodeContext } from "../node-context.js";

/** @example actingAs(ctx, viewer) // { actor: "o.petrenko@novopskovskyi" } */
export const actingAs = (ctx: NodeContext, who: Viewer): Acting => ({ actor: `${who.login}@${ctx.identity.nodeId}` });
