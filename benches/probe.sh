#!/usr/bin/env bash
# probe at scale: 1,000 URLs every second for a minute against a local nginx (started here on a
# free 127.0.0.1 port, stopped afterwards). Prints probe's CPU use (share of one core) and peak
# memory.
#
#   bash benches/probe.sh                  # 1,000 URLs, 60 s
#   URLS=200 DURATION=10s bash benches/probe.sh
set -euo pipefail
cd "$(dirname "$0")/.."
URLS=${URLS:-1000}
DURATION=${DURATION:-60s}
cargo build --release --quiet
bin=${BIN:-$PWD/target/release/isrctl}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
dir=$(mktemp -d)
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
mkdir -p "$dir/logs"
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    location / {
      add_header Cache-Control "public, s-maxage=60, stale-while-revalidate=300";
      add_header X-Cache "HIT";
      add_header Age "5";
      return 200 "page \$uri\n";
    }
  }
}
CONF
"$nginx" -c "$dir/nginx.conf" -p "$dir"
trap '"$nginx" -c "$dir/nginx.conf" -p "$dir" -s stop 2>/dev/null || true; rm -rf "$dir"' EXIT
urls=()
for i in $(seq 1 "$URLS"); do urls+=("http://127.0.0.1:$port/p/$i"); done
/usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$bin" --no-config probe "${urls[@]}" \
  --interval 1s --duration "$DURATION" --format ndjson >"$dir/out.ndjson"
read -r wall user sys rss <"$dir/time"
samples=$(grep -c '"type":"sample"' "$dir/out.ndjson" || true)
echo "probe at scale: $URLS URLs every 1s for $DURATION: $samples samples, CPU $(python3 -c "print(f'{($user + $sys) / $wall * 100:.1f}')")% of one core (user ${user}s, sys ${sys}s over ${wall}s), peak RSS $((rss / 1024)) MiB"
