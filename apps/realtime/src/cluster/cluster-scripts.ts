import { createHash } from 'node:crypto';
import type { RedisClient } from '@showfloor/server-kit';

/*
 * The cluster's live state in Redis, changed only by these scripts so that every change is atomic
 * (two nodes joining the same viewer at once still count them once). Keys are built inside the
 * scripts from the prefix and the session id, so this needs one Redis server (or a primary with
 * replicas), not Redis Cluster. Under `<prefix>s:<session>:`:
 *   present        hash  viewerKey → how many nodes hold a socket of that subscriber
 *   joined         hash  viewerKey → JSON { userId, guestId, joinedAt } of their first socket
 *   meta           hash  count (distinct subscribers present), peak (highest count), version
 *                        (bumped on every change: what other nodes watch to rebroadcast)
 *   on:<node>      set   subscribers present on that node
 *   ever           set   everyone who subscribed (the CTR denominator; not kept for who is online)
 *   nodes          set   nodes with counts below
 *   reactions:<node>, clicks:<node>   hash  that node's own cumulative counts (type / product → n);
 *                        written as "at least this", so rewriting a node's counts after an outage
 *                        is safe; the cluster's figure is the sum over nodes
 *   clickers:<product>                set   everyone who clicked it
 * and `<prefix>nodes` (every node with presence), `<prefix>node:<node>:alive` (a heartbeat with a
 * TTL), `<prefix>node:<node>:sessions` (sessions where that node has presence).
 */

const helpers = `
local function present_prefix(prefix, sid) return prefix .. 's:' .. sid .. ':' end
-- Every script's ARGV[1] is the prefix. A change bumps the session's version: what the other
-- nodes' watch reads (and what the node that made it announces on <prefix>changes).
local function bump(sid)
  redis.call('HINCRBY', present_prefix(ARGV[1], sid) .. 'meta', 'version', 1)
end
local function leave_one(sid, key)
  local p = present_prefix(ARGV[1], sid)
  if redis.call('HINCRBY', p .. 'present', key, -1) <= 0 then
    redis.call('HDEL', p .. 'present', key)
    redis.call('HDEL', p .. 'joined', key)
    redis.call('HINCRBY', p .. 'meta', 'count', -1)
    bump(sid)
  end
end
local function join_one(sid, key, info, remember)
  local p = present_prefix(ARGV[1], sid)
  if remember == '1' then redis.call('SADD', p .. 'ever', key) end
  if redis.call('HINCRBY', p .. 'present', key, 1) == 1 then
    redis.call('HSET', p .. 'joined', key, info)
    local count = redis.call('HINCRBY', p .. 'meta', 'count', 1)
    if count > tonumber(redis.call('HGET', p .. 'meta', 'peak') or '0') then
      redis.call('HSET', p .. 'meta', 'peak', count)
    end
    bump(sid)
  end
end
local function enlist(prefix, sid, node)
  redis.call('SADD', prefix .. 'node:' .. node .. ':sessions', sid)
  redis.call('SADD', prefix .. 'nodes', node)
end
local function count_of(p) return tonumber(redis.call('HGET', p .. 'meta', 'count') or '0') end
`;

/** A Lua script run by its SHA, loaded on first use (and again after Redis restarted without it). */
export class ClusterScript {
  private readonly source: string;
  private readonly sha: string;

  /** `prelude`: the helpers the body calls (the counters' by default). */
  constructor(body: string, prelude = helpers) {
    this.source = prelude + body;
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  async run(redis: RedisClient, args: (string | number)[]): Promise<unknown> {
    const options = { keys: [], arguments: args.map(String) };
    try {
      return await redis.evalSha(this.sha, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, options);
    }
  }
}

/**
 * ARGV: prefix, session, node, remember ('1': add to \`ever\`; '0' for a presence with no history,
 * such as who is online), viewerKey, info → distinct subscribers present.
 */
export const joinScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
enlist(ARGV[1], ARGV[2], ARGV[3])
if redis.call('SADD', p .. 'on:' .. ARGV[3], ARGV[5]) == 1 then join_one(ARGV[2], ARGV[5], ARGV[6], ARGV[4]) end
return count_of(p)
`);

/** ARGV: prefix, session, node, viewerKey → distinct subscribers present. */
export const leaveScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
if redis.call('SREM', p .. 'on:' .. ARGV[3], ARGV[4]) == 1 then leave_one(ARGV[2], ARGV[4]) end
return count_of(p)
`);

/**
 * Replaces a node's presence in a session with the given subscribers (ARGV: prefix, session, node,
 * remember, then viewerKey, info pairs): after the node was taken for dead, or Redis was away.
 */
export const syncPresenceScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
local on = p .. 'on:' .. ARGV[3]
local wanted = {}
for i = 5, #ARGV, 2 do wanted[ARGV[i]] = ARGV[i + 1] end
for _, key in ipairs(redis.call('SMEMBERS', on)) do
  if wanted[key] == nil then
    redis.call('SREM', on, key)
    leave_one(ARGV[2], key)
  else
    wanted[key] = false
  end
end
for key, info in pairs(wanted) do
  if info then
    redis.call('SADD', on, key)
    join_one(ARGV[2], key, info, ARGV[4])
  end
end
if redis.call('SCARD', on) > 0 then
  enlist(ARGV[1], ARGV[2], ARGV[3])
else
  redis.call('SREM', ARGV[1] .. 'node:' .. ARGV[3] .. ':sessions', ARGV[2])
end
return count_of(p)
`);

/** ARGV: prefix, node, ttl ms → 1 when the node's previous heartbeat was still alive, else 0. */
export const heartbeatScript = new ClusterScript(`
local previous = redis.call('SET', ARGV[1] .. 'node:' .. ARGV[2] .. ':alive', '1', 'PX', ARGV[3], 'GET')
redis.call('SADD', ARGV[1] .. 'nodes', ARGV[2])
if previous then return 1 end
return 0
`);

/** Takes every node whose heartbeat lapsed out of every session's presence. ARGV: prefix, self → nodes reaped. */
export const reapScript = new ClusterScript(`
local reaped = 0
for _, node in ipairs(redis.call('SMEMBERS', ARGV[1] .. 'nodes')) do
  if node ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. 'node:' .. node .. ':alive') == 0 then
    local sessions = ARGV[1] .. 'node:' .. node .. ':sessions'
    for _, sid in ipairs(redis.call('SMEMBERS', sessions)) do
      local p = present_prefix(ARGV[1], sid)
      for _, key in ipairs(redis.call('SMEMBERS', p .. 'on:' .. node)) do leave_one(sid, key) end
      redis.call('DEL', p .. 'on:' .. node)
    end
    redis.call('DEL', sessions)
    redis.call('SREM', ARGV[1] .. 'nodes', node)
    reaped = reaped + 1
  end
end
return reaped
`);

/**
 * Raises a node's own counts to at least the given values (ARGV: prefix, session, kind
 * ('reactions' | 'clicks'), node, then field, value pairs); never lowers one.
 */
export const raiseScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
local hash = p .. ARGV[3] .. ':' .. ARGV[4]
local raised = false
for i = 5, #ARGV, 2 do
  local value = tonumber(ARGV[i + 1])
  if value > tonumber(redis.call('HGET', hash, ARGV[i]) or '0') then
    redis.call('HSET', hash, ARGV[i], value)
    raised = true
  end
end
redis.call('SADD', p .. 'nodes', ARGV[4])
if raised then bump(ARGV[2]) end
return raised and 1 or 0
`);

/** The sums over nodes of one kind of counts (ARGV: prefix, session, kind) → field, sum pairs. */
export const sumsScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
local sums, order = {}, {}
for _, node in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
  local entries = redis.call('HGETALL', p .. ARGV[3] .. ':' .. node)
  for i = 1, #entries, 2 do
    if sums[entries[i]] == nil then
      sums[entries[i]] = 0
      table.insert(order, entries[i])
    end
    sums[entries[i]] = sums[entries[i]] + tonumber(entries[i + 1])
  end
end
local out = {}
for _, field in ipairs(order) do
  table.insert(out, field)
  table.insert(out, sums[field])
end
return out
`);

/**
 * One click (ARGV: prefix, session, node, product, viewerKey, this node's total for the product)
 * → { first click of this viewer on it (1/0), unique clickers, total clicks over nodes, distinct subscribers }.
 */
export const clickScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
local own = p .. 'clicks:' .. ARGV[3]
if tonumber(ARGV[6]) > tonumber(redis.call('HGET', own, ARGV[4]) or '0') then redis.call('HSET', own, ARGV[4], ARGV[6]) end
redis.call('SADD', p .. 'nodes', ARGV[3])
local first = redis.call('SADD', p .. 'clickers:' .. ARGV[4], ARGV[5])
bump(ARGV[2])
local total = 0
for _, node in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
  total = total + tonumber(redis.call('HGET', p .. 'clicks:' .. node, ARGV[4]) or '0')
end
return { first, redis.call('SCARD', p .. 'clickers:' .. ARGV[4]), total, redis.call('SCARD', p .. 'ever') }
`);

/** ARGV: prefix, session, seconds: every key of a session that ended expires then. */
export const expireSessionScript = new ClusterScript(`
local p = present_prefix(ARGV[1], ARGV[2])
local keys = { p .. 'present', p .. 'joined', p .. 'meta', p .. 'ever', p .. 'nodes' }
for _, node in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
  table.insert(keys, p .. 'reactions:' .. node)
  table.insert(keys, p .. 'clicks:' .. node)
  for _, product in ipairs(redis.call('HKEYS', p .. 'clicks:' .. node)) do table.insert(keys, p .. 'clickers:' .. product) end
end
for _, key in ipairs(keys) do redis.call('EXPIRE', key, ARGV[3]) end
return #keys
`);
