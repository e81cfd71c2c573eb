# Sourced by the benchmarks that compare `hub serve` with nginx (run from the repository root, NGINX_PORT set): sets up $work
# and its cleanup (bench/work-lib.sh), installs nginx-light when missing, and defines start_nginx ROOT, which serves ROOT on
# 127.0.0.1:$NGINX_PORT with sendfile and no access log.
source bench/work-lib.sh
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }

start_nginx() {
  cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 256; }
http { access_log off; sendfile on; tcp_nopush on; server { listen 127.0.0.1:$NGINX_PORT; root $1; } }
CONF
  nginx -c "$work/nginx.conf" -p "$work"
  sleep 0.5
}
