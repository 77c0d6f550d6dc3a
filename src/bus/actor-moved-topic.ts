/**
 * Where a cluster node announces `{type: 'moved', address}` after it took over an actor from
 * another node (the old owner died or handed it off) and restored it from the store. The actor
 * cannot tell which sockets of the cluster were its own: a session whose actor keeps connection
 * state (a poker seat's sockets) re-attaches the sockets bound to `address` on each node. Only
 * servers subscribe it; no socket hears it. One process never publishes it.
 */
export const ACTOR_MOVED_TOPIC = '_cluster/moved';
