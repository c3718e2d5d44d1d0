#!/usr/bin/env bash
# The write cost of live visitor traffic (issue 14): record_visitor_events calls of 5,000 events,
# each extending one of 100,000 visits in the same hour with a pageview on a random page (so most
# visits' exit pages change and their earlier pageviews move between breakdown cells). 20 calls of
# new visits first, then 30 measured calls; with `--rebuild`, visitor_breakdowns_rebuild_stale runs
# every 5 s beside them, as the API's sketch rebuild job does.
#
#   flock /work/bench.lock bench/api/visitor-live-writes.sh postgresql://root@127.0.0.1:5432/<scratch db, migrated> [--rebuild]
#
# Prints events/s over the measured calls and the median call's milliseconds in record_visitor_events
# and in visitor_breakdowns_record (pg_stat_xact_user_functions; needs a superuser for track_functions).
# BASE (a timestamptz, default 17 minutes ago) is the first event's time.
set -euo pipefail
url=$1
rebuild=${2:-}
base=${BASE:-$(date -u -d '-17 minutes' '+%Y-%m-%d %H:%M:%S+00')}

call() {
  psql -qAt "$url" <<SQL
SET track_functions = 'all';
BEGIN;
\o /dev/null
WITH e AS (
  SELECT md5('$1:' || j)::uuid AS id, TIMESTAMPTZ '$base' + make_interval(secs => $1 * 20 + j * 0.004) AS at,
         ($1 * 5000 + j) % 100000 AS n
  FROM generate_series(0, 4999) AS j
)
SELECT cardinality(record_visitor_events(
  array_agg(id), array_agg(at), array_agg('live.test'::text), array_agg('pageview'::text), array_agg('v' || n % 60000),
  array_agg('s' || n), array_agg('/p' || (abs(hashint4(n * 7 + $1)) % 50)), array_agg(CASE WHEN n % 3 = 0 THEN NULL ELSE 'ref' || n % 20 END),
  array_agg('C' || n % 30), array_agg((ARRAY['desktop','mobile','tablet'])[1 + n % 3]),
  array_agg((ARRAY['Chrome','Safari','Firefox','Edge','Opera','Samsung'])[1 + n % 6]),
  array_agg((ARRAY['Windows','macOS','Android','iOS','Linux'])[1 + n % 5]), array_agg(NULL::int), array_agg(NULL::jsonb)))
FROM e;
\o
SELECT round(sum(total_time) FILTER (WHERE funcname = 'record_visitor_events')::numeric, 1) || '|' ||
       round(sum(total_time) FILTER (WHERE funcname = 'visitor_breakdowns_record')::numeric, 1)
FROM pg_stat_xact_user_functions;
COMMIT;
SQL
}

for ((i = 0; i < 20; i++)); do call "$i" > /dev/null; done
if [ "$rebuild" = --rebuild ]; then
  (while true; do psql -qAt "$url" -c 'SELECT visitor_breakdowns_rebuild_stale(500)' > /dev/null; sleep 5; done) &
  loop=$!
  trap 'kill $loop' EXIT
fi
times=$(mktemp)
start=$(date +%s.%N)
for ((i = 20; i < 50; i++)); do call "$i" >> "$times"; done
end=$(date +%s.%N)
echo "150,000 events in $(echo "$end - $start" | bc) s: $(echo "150000 / ($end - $start)" | bc) events/s;" \
  "median call ms (record_visitor_events|breakdowns): $(sort -t'|' -k1 -n "$times" | sed -n 15p)"
rm -f "$times"
