import { ClusterScript } from './cluster-scripts.ts';

/*
 * Visitor analytics' live state in Redis (seed 002), shared by every node and changed only by
 * these scripts, so an event is applied whole whichever node received it. The rules are
 * VisitorSessions' (visitors/visitor-sessions.ts), kept equal by the same tests run against
 * both. Under `<prefix>v:`:
 *   visit:<visitorId>  hash   id, entry, cur, journey (pages joined by NUL), jn (its length), jl
 *                             (its last page), country, device, browser, os, ref (absent: null),
 *                             start, last, pv, ia (interactive custom events), left, leftAt;
 *                             expires after twice the session timeout without events
 *   last    zset  visitorId → last event (ms): oldest first for timeouts and evictions, and the
 *                 visitors of the last minute / 5 minutes
 *   active  zset  visitorId → last event that was not a leave or engagement: "active now"
 *   left    zset  visitorId → when it left (its leave grace)
 *   evictions     visits ended to stay within VISITOR_SESSIONS_MAX
 *   salt:<day>    the day's visitor salt (hex), expiring after 49 h
 *   dashboards    hash  node → its dashboards connected
 *   t:<day>:      today's figures (UTC day number), kept two days:
 *     pageviews, pagesVisited (hash page → pageviews, 1,000 pages and `(other)`), segs (set of
 *     segments: country NUL device, empty for unknown), and per segment n:<seg> (hash pageviews,
 *     sessions, finished, bounces, duration), pages:, entry:, exit:, referrers: (1,000 keys each),
 *     browsers:, os: (200 each) — hash key → count, keys beyond the cap counted as `(other)`.
 * Times come from the calling node's clock (ARGV), so every node's manual clock in a test and
 * every node's event order agree with what it was told.
 */

const prelude = `
local P = ARGV[1] .. 'v:'
local NUL = '\\0'
local DAY = 86400000
local KEEP = 172800
local function day_prefix(at) return P .. 't:' .. math.floor(at / DAY) .. ':' end
local function opt(value) if value == NUL then return false end return value end
-- Counts one more of field in a capped table; with other_free the (other) key is not one of the cap.
local function add_capped(key, field, cap, other_free)
  if redis.call('HEXISTS', key, field) == 0 then
    local size = redis.call('HLEN', key)
    if other_free and redis.call('HEXISTS', key, '(other)') == 1 then size = size - 1 end
    if size >= cap then field = '(other)' end
  end
  if redis.call('HINCRBY', key, field, 1) == 1 then redis.call('EXPIRE', key, KEEP) end
end
local function segment(t, country, device)
  local seg = (country or '') .. NUL .. (device or '')
  if redis.call('SADD', t .. 'segs', seg) == 1 then redis.call('EXPIRE', t .. 'segs', KEEP) end
  return seg
end
local function seg_count(t, seg, field, by)
  redis.call('HINCRBY', t .. 'n:' .. seg, field, by)
  redis.call('EXPIRE', t .. 'n:' .. seg, KEEP)
end
-- Ends a visit: it counts in the day's finished visits, bounces, durations and exit pages.
local function finish(vid, now)
  local key = P .. 'visit:' .. vid
  local v = redis.call('HMGET', key, 'country', 'device', 'pv', 'ia', 'start', 'last', 'cur')
  redis.call('DEL', key)
  redis.call('ZREM', P .. 'last', vid)
  redis.call('ZREM', P .. 'active', vid)
  redis.call('ZREM', P .. 'left', vid)
  if not v[5] then return end
  local t = day_prefix(now)
  local seg = segment(t, v[1], v[2])
  seg_count(t, seg, 'finished', 1)
  if tonumber(v[3]) <= 1 and tonumber(v[4]) == 0 then seg_count(t, seg, 'bounces', 1) end
  seg_count(t, seg, 'duration', tonumber(v[6]) - tonumber(v[5]))
  add_capped(t .. 'exit:' .. seg, v[7], 1000)
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
-- A filter value, or false for none (NUL).
local function filter_of(country, device, page) return { country = opt(country), device = opt(device), page = opt(page) } end
local function unfiltered(f) return not f.country and not f.device and not f.page end
local function matches(vid, f)
  local v = redis.call('HMGET', P .. 'visit:' .. vid, 'country', 'device', 'cur')
  return (not f.country or v[1] == f.country) and (not f.device or v[2] == f.device) and (not f.page or v[3] == f.page)
end
local function count_matching(zset, from, f)
  if unfiltered(f) then return redis.call('ZCOUNT', P .. zset, '(' .. from, '+inf') end
  local n = 0
  for _, vid in ipairs(redis.call('ZRANGEBYSCORE', P .. zset, '(' .. from, '+inf')) do
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
    local v = redis.call('HMGET', P .. 'visit:' .. vid, 'last', 'left', 'leftAt')
    if v[1] then
      local expired = tonumber(v[1]) <= at - timeout or (v[2] == '1' and tonumber(v[3] or at) <= at - grace)
      if not expired then return vid end
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
  local vid = h.ids[1]
  local key = P .. 'visit:' .. vid
  redis.call('HSET', key, 'id', h.candidate, 'entry', h.page, 'cur', h.page, 'journey', '', 'jn', 0, 'jl', '',
    'start', at, 'last', at, 'pv', 0, 'ia', 0, 'left', 0)
  for _, field in ipairs({ 'country', 'device', 'browser', 'os', 'ref' }) do
    if h[field] then redis.call('HSET', key, field, h[field]) end
  end
  local t = day_prefix(at)
  local seg = segment(t, h.country, h.device)
  seg_count(t, seg, 'sessions', 1)
  add_capped(t .. 'entry:' .. seg, h.page, 1000)
  add_capped(t .. 'referrers:' .. seg, h.ref or '(direct)', 1000)
  add_capped(t .. 'browsers:' .. seg, h.browser or '(unknown)', 200)
  add_capped(t .. 'os:' .. seg, h.os or '(unknown)', 200)
  return vid
end
local function pageview(key, page, at)
  local v = redis.call('HMGET', key, 'jn', 'jl', 'journey', 'country', 'device')
  redis.call('HINCRBY', key, 'pv', 1)
  redis.call('HSET', key, 'cur', page)
  if tonumber(v[1]) < journey_max and v[2] ~= page then
    redis.call('HSET', key, 'journey', v[1] == '0' and page or v[3] .. NUL .. page, 'jn', tonumber(v[1]) + 1, 'jl', page)
  end
  local t = day_prefix(at)
  if redis.call('INCR', t .. 'pageviews') == 1 then redis.call('EXPIRE', t .. 'pageviews', KEEP) end
  add_capped(t .. 'pagesVisited', page, 1000, true)
  local seg = segment(t, v[4], v[5])
  seg_count(t, seg, 'pageviews', 1)
  add_capped(t .. 'pages:' .. seg, page, 1000)
end
local out = {}
for i = 7, #ARGV, ${recordFieldsPerHit} do
  local at = tonumber(ARGV[i])
  local h = { ids = split(ARGV[i + 1]), candidate = ARGV[i + 2], name = ARGV[i + 3], page = ARGV[i + 4],
    ref = opt(ARGV[i + 5]), country = opt(ARGV[i + 6]), device = opt(ARGV[i + 7]), browser = opt(ARGV[i + 8]),
    os = opt(ARGV[i + 9]), interactive = ARGV[i + 10] == '1' }
  local vid = find(h.ids, at)
  if not vid and (h.name == 'leave' or h.name == 'engagement') then
    -- The end of a visit no node holds (timed out): history only.
    table.insert(out, { h.candidate, h.ids[1] })
  else
    vid = vid or start(h, at)
    local key = P .. 'visit:' .. vid
    redis.call('ZADD', P .. 'last', at, vid)
    redis.call('HSET', key, 'last', at)
    if h.name == 'leave' then
      redis.call('HSET', key, 'left', 1, 'leftAt', at)
      redis.call('ZREM', P .. 'active', vid)
      redis.call('ZADD', P .. 'left', at, vid)
    else
      if redis.call('HGET', key, 'left') == '1' then
        redis.call('HSET', key, 'left', 0)
        redis.call('ZREM', P .. 'left', vid)
      end
      if h.name == 'engagement' then
        -- Nobody is looking (a tab hidden or closed): out of "active now" until its next event.
        redis.call('ZREM', P .. 'active', vid)
      else
        redis.call('ZADD', P .. 'active', at, vid)
        if h.name == 'pageview' then pageview(key, h.page, at)
        elseif h.interactive then redis.call('HINCRBY', key, 'ia', 1) end
      end
    end
    redis.call('PEXPIRE', key, 2 * timeout)
    local v = redis.call('HMGET', key, 'id', 'ref', 'country', 'device', 'cur', 'journey', 'start', 'last')
    table.insert(out, { v[1], vid, v[2], v[3], v[4], v[5], v[6], tonumber(v[7]), tonumber(v[8]) })
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
local rows, total = {}, 0
for _, vid in ipairs(redis.call('ZREVRANGEBYSCORE', P .. 'active', '+inf', '(' .. (now - 300000))) do
  if matches(vid, f) then
    total = total + 1
    if #rows < limit then
      table.insert(rows, redis.call('HMGET', P .. 'visit:' .. vid, 'id', 'cur', 'journey', 'country', 'device',
        'browser', 'os', 'ref', 'last', 'start'))
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
