import { ClusterScript } from './cluster-scripts.ts';

/*
 * Visitor analytics' live state in Redis (seed 002), shared by every node and changed only by
 * these scripts, so an event is applied whole whichever node received it. The rules are
 * VisitorSessions' (visitors/visitor-sessions.ts), kept equal by the same contract tests run
 * against both. Under `<prefix>v:`:
 *   visit:<visitorId>  hash   id, entry, cur, journey (pages joined by NUL), jn (its length), jl
 *                             (its last page), country, device, browser, os, ref (absent: null),
 *                             start, last, pv, ia (interactive custom events), left, leftAt
 *   last    zset  visitorId → last event (ms): oldest first for timeouts and evictions, and the
 *                 visitors of the last minute / 5 minutes
 *   active  zset  visitorId → last event that was not a leave or engagement: "active now"
 *   last:country:<c>, last:device:<d>, last:page:<current page>, and the same under active: —
 *                 the visits of each set by what the live reads filter on, so a filtered count is
 *                 a ZCOUNT, not a walk over every visit
 *   left    zset  visitorId → when it left (its leave grace)
 *   evictions     visits ended to stay within VISITOR_SESSIONS_MAX
 *   salt:<day>    the day's visitor salt (hex), expiring after 49 h
 *   dashboards    hash  node → its dashboards connected
 *   t:<day>:      today's figures (UTC day number), kept two days:
 *     pageviews, pagesVisited (hash page → pageviews, 1,000 pages and `(other)`), segs (set of
 *     segments: country NUL device, empty for unknown), and per segment n:<seg> (hash pageviews,
 *     sessions, finished, bounces, duration), pages:, entry:, exit:, referrers: (1,000 keys each),
 *     browsers:, os: (200 each) — hash key → count, keys beyond the cap counted as `(other)`.
 * A visit leaves Redis when a node's sweep ends it (any node: it ends once). Times come from the
 * calling node's clock (ARGV), so a test's manual clock and every node's event order hold. Each
 * script reads a visit once into a Lua table and writes it back once: a Redis call costs ~2.5 µs
 * inside a script on this machine, and the first version's ~50 calls an event made Redis the bound.
 */

const prelude = `
local P = ARGV[1] .. 'v:'
local NUL = '\\0'
local DAY = 86400000
local KEEP = 172800
local FIELDS = { 'id', 'entry', 'cur', 'journey', 'jn', 'jl', 'country', 'device', 'browser', 'os', 'ref', 'start',
  'last', 'pv', 'ia', 'left', 'leftAt' }
local NUMBERS = { jn = true, start = true, last = true, pv = true, ia = true, leftAt = true }
local ATTRIBUTES = { country = 'country', device = 'device', page = 'cur' }
local function day_prefix(at) return P .. 't:' .. math.floor(at / DAY) .. ':' end
local function opt(value) if value == NUL then return false end return value end
-- Counts one more of field in a capped table; with other_free the (other) key is not one of the cap.
local function add_capped(key, field, cap, other_free)
  if redis.call('HINCRBY', key, field, 1) > 1 then return end
  local size = redis.call('HLEN', key)
  if size == 1 then redis.call('EXPIRE', key, KEEP) end
  if field == '(other)' then return end
  if other_free and redis.call('HEXISTS', key, '(other)') == 1 then size = size - 1 end
  if size > cap then
    redis.call('HDEL', key, field)
    redis.call('HINCRBY', key, '(other)', 1)
  end
end
local function segment(t, country, device)
  local seg = (country or '') .. NUL .. (device or '')
  if redis.call('SADD', t .. 'segs', seg) == 1 then
    redis.call('EXPIRE', t .. 'segs', KEEP)
    redis.call('HSETNX', t .. 'n:' .. seg, 'pageviews', 0)
    redis.call('EXPIRE', t .. 'n:' .. seg, KEEP)
  end
  return seg
end
local function seg_count(t, seg, field, by) redis.call('HINCRBY', t .. 'n:' .. seg, field, by) end
local function load_visit(vid)
  local values = redis.call('HMGET', P .. 'visit:' .. vid, unpack(FIELDS))
  if not values[13] then return nil end
  local v = { vid = vid }
  for i, field in ipairs(FIELDS) do
    local value = values[i]
    if value and NUMBERS[field] then value = tonumber(value) end
    v[field] = value
  end
  return v
end
local function save_visit(v)
  local args = {}
  for _, field in ipairs(FIELDS) do
    if v[field] then
      table.insert(args, field)
      table.insert(args, v[field])
    end
  end
  redis.call('HSET', P .. 'visit:' .. v.vid, unpack(args))
end
-- A visit in one of the sets (last, active) and its indexes, at the visit's current page.
local function index_add(set, v, at)
  redis.call('ZADD', P .. set, at, v.vid)
  for attribute, field in pairs(ATTRIBUTES) do
    if v[field] then redis.call('ZADD', P .. set .. ':' .. attribute .. ':' .. v[field], at, v.vid) end
  end
end
local function index_remove(set, v)
  redis.call('ZREM', P .. set, v.vid)
  for attribute, field in pairs(ATTRIBUTES) do
    if v[field] then redis.call('ZREM', P .. set .. ':' .. attribute .. ':' .. v[field], v.vid) end
  end
end
-- Ends a visit: it counts in the day's finished visits, bounces, durations and exit pages.
local function finish(vid, now)
  local v = load_visit(vid)
  redis.call('DEL', P .. 'visit:' .. vid)
  redis.call('ZREM', P .. 'left', vid)
  if not v then
    redis.call('ZREM', P .. 'last', vid)
    redis.call('ZREM', P .. 'active', vid)
    return
  end
  index_remove('last', v)
  index_remove('active', v)
  local t = day_prefix(now)
  local seg = segment(t, v.country, v.device)
  seg_count(t, seg, 'finished', 1)
  if v.pv <= 1 and v.ia == 0 then seg_count(t, seg, 'bounces', 1) end
  seg_count(t, seg, 'duration', v.last - v.start)
  add_capped(t .. 'exit:' .. seg, v.cur, 1000)
end
local function split(joined)
  local parts, from = {}, 1
  while true do
    local cut = string.find(joined, NUL, from, true)
    if not cut then
      table.insert(parts, string.sub(joined, from))
      return parts
    end
    table.insert(parts, string.sub(joined, from, cut - 1))
    from = cut + 1
  end
end
-- A filter's values, false for none (NUL), and how many it has.
local function filter_of(country, device, page)
  local f = { country = opt(country), device = opt(device), page = opt(page) }
  f.size = (f.country and 1 or 0) + (f.device and 1 or 0) + (f.page and 1 or 0)
  return f
end
local function matches(vid, f)
  local v = redis.call('HMGET', P .. 'visit:' .. vid, 'country', 'device', 'cur')
  return (not f.country or v[1] == f.country) and (not f.device or v[2] == f.device) and (not f.page or v[3] == f.page)
end
-- The zset to walk for a filter: the set itself, or the smallest of its filtered indexes; and its count since from.
local function narrowest(set, from, f)
  local best, count = P .. set, nil
  for attribute, _ in pairs(ATTRIBUTES) do
    if f[attribute] then
      local key = P .. set .. ':' .. attribute .. ':' .. f[attribute]
      local n = redis.call('ZCOUNT', key, '(' .. from, '+inf')
      if count == nil or n < count then best, count = key, n end
    end
  end
  if count == nil then count = redis.call('ZCOUNT', best, '(' .. from, '+inf') end
  return best, count
end
-- Visits of a set seen after from that match the filter: with one filter (or none) a ZCOUNT;
-- with several, a walk over the narrowest index only.
local function count_matching(set, from, f)
  local key, count = narrowest(set, from, f)
  if f.size <= 1 then return count end
  local n = 0
  for _, vid in ipairs(redis.call('ZRANGEBYSCORE', key, '(' .. from, '+inf')) do
    if matches(vid, f) then n = n + 1 end
  end
  return n
end
`;

/** A script of the visitor state (its helpers above). */
const visitorScript = (body: string) => new ClusterScript(body, prelude);

/** Fields per event in `recordScript`'s ARGV. */
export const recordFieldsPerHit = 11;

/**
 * Applies events in order. ARGV: prefix, now, session timeout ms, leave grace ms, most visits,
 * most journey pages, then per event: at, visitor ids (NUL-joined, best first), the id a new
 * visit takes, name, page, referrer, country, device, browser, os (NUL: null), interactive (1/0).
 * → per event { session id, visitor id } for the end of a visit not held, else { session id,
 * visitor id, referrer, country, device, current page, journey, start, last }; then
 * { active now, today's pageviews, visitors in the last minute }.
 */
export const recordScript = visitorScript(`
local now, timeout, grace = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local max_visits, journey_max = tonumber(ARGV[5]), tonumber(ARGV[6])
local function find(ids, at)
  for _, vid in ipairs(ids) do
    local v = load_visit(vid)
    if v then
      local expired = v.last <= at - timeout or (v.left == '1' and (v.leftAt or at) <= at - grace)
      if not expired then return v end
      -- Its sweep has not run yet: it ends now, before this event starts the next visit.
      finish(vid, at)
    end
  end
  return nil
end
local function start(h, at)
  while redis.call('ZCARD', P .. 'last') >= max_visits do
    finish(redis.call('ZRANGE', P .. 'last', 0, 0)[1], at)
    redis.call('INCR', P .. 'evictions')
  end
  local v = { vid = h.ids[1], id = h.candidate, entry = h.page, cur = h.page, journey = '', jn = 0, jl = '',
    country = h.country, device = h.device, browser = h.browser, os = h.os, ref = h.ref, start = at, last = at,
    pv = 0, ia = 0, left = '0' }
  local t = day_prefix(at)
  local seg = segment(t, h.country, h.device)
  seg_count(t, seg, 'sessions', 1)
  add_capped(t .. 'entry:' .. seg, h.page, 1000)
  add_capped(t .. 'referrers:' .. seg, h.ref or '(direct)', 1000)
  add_capped(t .. 'browsers:' .. seg, h.browser or '(unknown)', 200)
  add_capped(t .. 'os:' .. seg, h.os or '(unknown)', 200)
  return v
end
local function pageview(v, page, at)
  v.pv = v.pv + 1
  if v.cur ~= page then
    -- The page indexes follow the current page.
    redis.call('ZREM', P .. 'last:page:' .. v.cur, v.vid)
    redis.call('ZREM', P .. 'active:page:' .. v.cur, v.vid)
    v.cur = page
  end
  if v.jn < journey_max and v.jl ~= page then
    v.journey = v.jn == 0 and page or v.journey .. NUL .. page
    v.jn = v.jn + 1
    v.jl = page
  end
  local t = day_prefix(at)
  if redis.call('INCR', t .. 'pageviews') == 1 then redis.call('EXPIRE', t .. 'pageviews', KEEP) end
  add_capped(t .. 'pagesVisited', page, 1000, true)
  -- A visit begun today registered its segment then.
  local seg = (v.country or '') .. NUL .. (v.device or '')
  if math.floor(v.start / DAY) ~= math.floor(at / DAY) then segment(t, v.country, v.device) end
  seg_count(t, seg, 'pageviews', 1)
  add_capped(t .. 'pages:' .. seg, page, 1000)
end
local out = {}
for i = 7, #ARGV, ${recordFieldsPerHit} do
  local at = tonumber(ARGV[i])
  local h = { ids = split(ARGV[i + 1]), candidate = ARGV[i + 2], name = ARGV[i + 3], page = ARGV[i + 4],
    ref = opt(ARGV[i + 5]), country = opt(ARGV[i + 6]), device = opt(ARGV[i + 7]), browser = opt(ARGV[i + 8]),
    os = opt(ARGV[i + 9]), interactive = ARGV[i + 10] == '1' }
  local v = find(h.ids, at)
  if not v and (h.name == 'leave' or h.name == 'engagement') then
    -- The end of a visit no node holds (timed out): history only.
    table.insert(out, { h.candidate, h.ids[1] })
  else
    v = v or start(h, at)
    v.last = at
    if h.name == 'leave' then
      v.left, v.leftAt = '1', at
      index_remove('active', v)
      redis.call('ZADD', P .. 'left', at, v.vid)
    else
      if v.left == '1' then
        v.left = '0'
        redis.call('ZREM', P .. 'left', v.vid)
      end
      if h.name == 'engagement' then
        -- Nobody is looking (a tab hidden or closed): out of "active now" until its next event.
        index_remove('active', v)
      else
        if h.name == 'pageview' then pageview(v, h.page, at)
        elseif h.interactive then v.ia = v.ia + 1 end
        index_add('active', v, at)
      end
    end
    index_add('last', v, at)
    save_visit(v)
    table.insert(out, { v.id, v.vid, v.ref, v.country, v.device, v.cur, v.journey, v.start, v.last })
  end
end
table.insert(out, {
  redis.call('ZCOUNT', P .. 'active', '(' .. (now - 300000), '+inf'),
  tonumber(redis.call('GET', day_prefix(now) .. 'pageviews') or '0'),
  redis.call('ZCOUNT', P .. 'last', '(' .. (now - 60000), '+inf'),
})
return out
`);

/**
 * Ends visits past their timeout or leave grace (ARGV: prefix, now, timeout ms, grace ms), at
 * most 1,000 of each a call → how many ended. Any node may run it: a visit ends once.
 */
export const sweepScript = visitorScript(`
local now = tonumber(ARGV[2])
local ended = 0
for _, zset in ipairs({ { 'last', tonumber(ARGV[3]) }, { 'left', tonumber(ARGV[4]) } }) do
  for _, vid in ipairs(redis.call('ZRANGEBYSCORE', P .. zset[1], '-inf', now - zset[2], 'LIMIT', 0, 1000)) do
    finish(vid, now)
    ended = ended + 1
  end
end
return ended
`);

/**
 * The unfiltered figures (ARGV: prefix, now, with pages 1/0) → { active now, today's pageviews,
 * visitors in the last minute, in the last 5 minutes, visits held, evictions, pagesVisited as
 * page, count pairs (empty without pages) }.
 */
export const statsScript = visitorScript(`
local now = tonumber(ARGV[2])
local t = day_prefix(now)
return {
  redis.call('ZCOUNT', P .. 'active', '(' .. (now - 300000), '+inf'),
  tonumber(redis.call('GET', t .. 'pageviews') or '0'),
  redis.call('ZCOUNT', P .. 'last', '(' .. (now - 60000), '+inf'),
  redis.call('ZCOUNT', P .. 'last', '(' .. (now - 300000), '+inf'),
  redis.call('ZCARD', P .. 'last'),
  tonumber(redis.call('GET', P .. 'evictions') or '0'),
  ARGV[3] == '1' and redis.call('HGETALL', t .. 'pagesVisited') or {},
}
`);

/**
 * Today's figures for a filter (ARGV: prefix, now, country, device, page — NUL for none — and
 * detailed 1/0) → JSON { today, active, pages, and when detailed entry, exit, referrers,
 * browsers, os, countries, devices (sessions), finished, bounces, duration, last_minute, last_5_minutes }.
 */
export const filteredStatsScript = visitorScript(`
local now = tonumber(ARGV[2])
local f = filter_of(ARGV[3], ARGV[4], ARGV[5])
local detailed = ARGV[6] == '1'
local t = day_prefix(now)
local r = { today = 0, pages = {}, entry = {}, exit = {}, referrers = {}, browsers = {}, os = {}, countries = {},
  devices = {}, finished = 0, bounces = 0, duration = 0 }
local function merge(into, key, only)
  if only then
    local count = redis.call('HGET', key, only)
    if count then into[only] = (into[only] or 0) + tonumber(count) end
    return
  end
  local entries = redis.call('HGETALL', key)
  for i = 1, #entries, 2 do into[entries[i]] = (into[entries[i]] or 0) + tonumber(entries[i + 1]) end
end
for _, seg in ipairs(redis.call('SMEMBERS', t .. 'segs')) do
  local cut = string.find(seg, NUL, 1, true)
  local country, device = string.sub(seg, 1, cut - 1), string.sub(seg, cut + 1)
  if (not f.country or country == f.country) and (not f.device or device == f.device) then
    local n = redis.call('HMGET', t .. 'n:' .. seg, 'pageviews', 'sessions', 'finished', 'bounces', 'duration')
    merge(r.pages, t .. 'pages:' .. seg, f.page)
    if not f.page then r.today = r.today + tonumber(n[1] or '0') end
    if detailed then
      merge(r.entry, t .. 'entry:' .. seg, f.page)
      merge(r.exit, t .. 'exit:' .. seg, f.page)
      merge(r.referrers, t .. 'referrers:' .. seg)
      merge(r.browsers, t .. 'browsers:' .. seg)
      merge(r.os, t .. 'os:' .. seg)
      local sessions = tonumber(n[2] or '0')
      if sessions > 0 then
        local c, d = country == '' and '(unknown)' or country, device == '' and '(unknown)' or device
        r.countries[c] = (r.countries[c] or 0) + sessions
        r.devices[d] = (r.devices[d] or 0) + sessions
      end
      r.finished = r.finished + tonumber(n[3] or '0')
      r.bounces = r.bounces + tonumber(n[4] or '0')
      r.duration = r.duration + tonumber(n[5] or '0')
    end
  end
end
if f.page then r.today = r.pages[f.page] or 0 end
r.active = count_matching('active', now - 300000, f)
if detailed then
  r.last_minute = count_matching('last', now - 60000, f)
  r.last_5_minutes = count_matching('last', now - 300000, f)
end
return cjson.encode(r)
`);

/**
 * Active visits matching a filter, most recent first (ARGV: prefix, now, country, device, page —
 * NUL for none — limit) → JSON { rows: [[id, cur, journey, country, device, browser, os, ref,
 * last, start]...], total }.
 */
export const activeVisitsScript = visitorScript(`
local now = tonumber(ARGV[2])
local f = filter_of(ARGV[3], ARGV[4], ARGV[5])
local limit = tonumber(ARGV[6])
local since = '(' .. (now - 300000)
local key, total = narrowest('active', now - 300000, f)
local rows = {}
local function row(vid)
  return redis.call('HMGET', P .. 'visit:' .. vid, 'id', 'cur', 'journey', 'country', 'device', 'browser', 'os', 'ref',
    'last', 'start')
end
if f.size <= 1 then
  -- One index holds exactly the matching visits: read only the page asked for.
  for _, vid in ipairs(redis.call('ZREVRANGEBYSCORE', key, '+inf', since, 'LIMIT', 0, limit)) do
    table.insert(rows, row(vid))
  end
else
  total = 0
  for _, vid in ipairs(redis.call('ZREVRANGEBYSCORE', key, '+inf', since)) do
    if matches(vid, f) then
      total = total + 1
      if #rows < limit then table.insert(rows, row(vid)) end
    end
  end
end
return cjson.encode({ rows = rows, total = total })
`);

/**
 * The day's salt (ARGV: prefix, day, this node's offer as hex or empty, seconds to keep) → the
 * salt every node uses, or nil when none was offered and none is kept.
 */
export const saltScript = visitorScript(`
local key = P .. 'salt:' .. ARGV[2]
if ARGV[3] ~= '' then redis.call('SET', key, ARGV[3], 'NX', 'EX', ARGV[4]) end
return redis.call('GET', key)
`);

/**
 * Records this node's dashboards (ARGV: prefix, node, count) → dashboards on every node whose
 * heartbeat is alive (a dead node's are dropped).
 */
export const dashboardsScript = visitorScript(`
local key = P .. 'dashboards'
redis.call('HSET', key, ARGV[2], ARGV[3])
local total = 0
local entries = redis.call('HGETALL', key)
for i = 1, #entries, 2 do
  if entries[i] == ARGV[2] or redis.call('EXISTS', ARGV[1] .. 'node:' .. entries[i] .. ':alive') == 1 then
    total = total + tonumber(entries[i + 1])
  else
    redis.call('HDEL', key, entries[i])
  end
end
return total
`);
