#!/usr/bin/env bash
# Deploys, checks, monitors and rolls back CBMo4ers with docker compose (files in this folder).
#
#   deploy.sh deploy [TAG] [--build]   pull (or build) the image TAG, start it, wait until it is healthy;
#                                      if it never gets healthy, roll back to the tag that ran before
#   deploy.sh health [URL] [--wait S]  liveness, readiness and the health document of a running server
#   deploy.sh monitoring [up|down|status]
#                                      Prometheus, Alertmanager, Grafana and Uptime Kuma next to the server
#   deploy.sh rollback                 run the tag that ran before the current one again
#
# Settings come from deploy/.env (see deploy/.env.example) or the environment:
#   CBM_TAG, CBM_IMAGE, CBM_HTTP_PORT   image tag, image name, published port
#   CBM_URL                             base URL for `health` (default http://127.0.0.1:$CBM_HTTP_PORT)
#   CBM_HEALTH_TIMEOUT                  seconds to wait for a healthy server (default 90)
#   CBM_STATE_DIR                       where the current and previous tags are kept (default deploy/.deploy)
#   DRY_RUN=1                           print the docker commands instead of running them (state is still kept)
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="${CBM_STATE_DIR:-$DEPLOY_DIR/.deploy}"
DRY_RUN="${DRY_RUN:-0}"

log() { printf 'deploy.sh: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  # The comment block at the top of this file, without the comment markers.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

# A setting from the environment, else from deploy/.env, else the default given.
setting() {
  local name="$1" default="${2:-}" value=""
  if [[ -n "${!name:-}" ]]; then
    printf '%s' "${!name}"
    return
  fi
  if [[ -f "$DEPLOY_DIR/.env" ]]; then
    value="$(sed -n "s/^${name}=//p" "$DEPLOY_DIR/.env" | tail -n 1)"
    value="${value%\"}"
    value="${value#\"}"
  fi
  printf '%s' "${value:-$default}"
}

run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    printf '+ %s\n' "$*"
    return 0
  fi
  "$@"
}

require() {
  [[ "$DRY_RUN" == 1 ]] && return 0
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not installed"
  done
}

# docker compose for the server stack, with the image tag to use.
compose() {
  local tag="$1"
  shift
  run env "CBM_TAG=$tag" docker compose --project-directory "$DEPLOY_DIR" \
    -f "$DEPLOY_DIR/docker-compose.yml" "$@"
}

compose_monitoring() {
  run env "CBM_TAG=$(current_tag)" docker compose --project-directory "$DEPLOY_DIR" \
    -f "$DEPLOY_DIR/docker-compose.yml" -f "$DEPLOY_DIR/docker-compose.monitoring.yml" "$@"
}

current_tag() {
  if [[ -s "$STATE_DIR/current" ]]; then
    cat "$STATE_DIR/current"
  else
    setting CBM_TAG latest
  fi
}

previous_tag() {
  [[ -s "$STATE_DIR/previous" ]] && cat "$STATE_DIR/previous"
  return 0
}

record() {
  local current="$1" previous="$2"
  mkdir -p "$STATE_DIR"
  printf '%s\n' "$current" >"$STATE_DIR/current"
  if [[ -n "$previous" ]]; then
    printf '%s\n' "$previous" >"$STATE_DIR/previous"
  fi
  printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$current" >>"$STATE_DIR/history"
}

base_url() {
  setting CBM_URL "http://127.0.0.1:$(setting CBM_HTTP_PORT 5001)"
}

# One round of checks; prints a line per endpoint and succeeds when live, ready and not unhealthy.
check_once() {
  local base="$1" ok=0 document status
  if curl -fsS --max-time 5 -o /dev/null "$base/api/health/live" 2>/dev/null; then
    echo "live:   ok"
  else
    echo "live:   FAILED ($base/api/health/live)"
    ok=1
  fi
  if curl -fsS --max-time 5 -o /dev/null "$base/api/health/ready" 2>/dev/null; then
    echo "ready:  ok"
  else
    echo "ready:  NOT READY ($base/api/health/ready)"
    ok=1
  fi
  document="$(curl -sS --max-time 5 "$base/api/health" 2>/dev/null || true)"
  status="$(printf '%s' "$document" | sed -n 's/^{"status":"\([a-z]*\)".*/\1/p')"
  echo "status: ${status:-unknown}"
  [[ "$status" == healthy || "$status" == degraded ]] || ok=1
  return "$ok"
}

cmd_health() {
  local base="" wait_s=0
  while (($# > 0)); do
    case "$1" in
      --wait)
        wait_s="${2:?--wait needs a number of seconds}"
        shift 2
        ;;
      -*) die "health: unknown option $1" ;;
      *)
        base="$1"
        shift
        ;;
    esac
  done
  base="${base:-$(base_url)}"
  base="${base%/}"
  require curl
  local deadline=$((SECONDS + wait_s)) report
  echo "health of $base"
  while true; do
    if report="$(check_once "$base")"; then
      echo "$report"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "$report"
      log "$base is not healthy"
      return 1
    fi
    sleep 1
  done
}

# Starts TAG and waits for it; returns non-zero when it does not become healthy.
start_tag() {
  local tag="$1" timeout
  timeout="$(setting CBM_HEALTH_TIMEOUT 90)"
  log "starting $(setting CBM_IMAGE ghcr.io/cbmo4ers/cbmo4ers-server):$tag"
  compose "$tag" up -d --remove-orphans --wait --wait-timeout "$timeout" || return 1
  [[ "$DRY_RUN" == 1 ]] && return 0
  cmd_health "$(base_url)" --wait "$timeout" >/dev/null
}

cmd_deploy() {
  local tag="" build=0
  while (($# > 0)); do
    case "$1" in
      --build)
        build=1
        shift
        ;;
      -*) die "deploy: unknown option $1" ;;
      *)
        tag="$1"
        shift
        ;;
    esac
  done
  tag="${tag:-$(setting CBM_TAG latest)}"
  [[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "deploy: '$tag' is not a valid image tag"
  require docker curl
  local running=""
  [[ -s "$STATE_DIR/current" ]] && running="$(cat "$STATE_DIR/current")"

  if ((build)); then
    compose "$tag" build server
  else
    compose "$tag" pull server
  fi
  if start_tag "$tag"; then
    if [[ "$running" != "$tag" ]]; then
      record "$tag" "$running"
    else
      record "$tag" ""
    fi
    log "deployed $tag"
    return 0
  fi
  if [[ -n "$running" && "$running" != "$tag" ]]; then
    log "$tag did not become healthy; rolling back to $running"
    start_tag "$running" || die "rollback to $running failed too: see docker compose logs server"
    die "deploy of $tag failed; $running is running again"
  fi
  die "deploy of $tag failed and there is nothing to roll back to: see docker compose logs server"
}

cmd_rollback() {
  [[ $# -eq 0 ]] || die "rollback takes no arguments"
  require docker curl
  local previous current
  previous="$(previous_tag)"
  current="$(current_tag)"
  [[ -n "$previous" ]] || die "rollback: no previous deployment recorded in $STATE_DIR"
  log "rolling back from $current to $previous"
  start_tag "$previous" || die "rollback to $previous failed: see docker compose logs server"
  record "$previous" "$current"
  log "rolled back to $previous"
}

cmd_monitoring() {
  local action="${1:-up}"
  require docker
  case "$action" in
    up)
      compose_monitoring up -d --wait prometheus alertmanager grafana uptime-kuma
      local bind
      bind="$(setting CBM_MONITORING_BIND 127.0.0.1)"
      echo "Prometheus    http://$bind:9090"
      echo "Alertmanager  http://$bind:9093"
      echo "Grafana       http://$bind:3000  (dashboard: CBMo4ers overview)"
      echo "Uptime Kuma   http://$bind:3001  (add an HTTP monitor on http://server:5001/api/health/ready)"
      ;;
    down) compose_monitoring rm --stop --force prometheus alertmanager grafana uptime-kuma ;;
    status) compose_monitoring ps ;;
    *) die "monitoring: expected up, down or status, got '$action'" ;;
  esac
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$command" in
    deploy) cmd_deploy "$@" ;;
    health) cmd_health "$@" ;;
    monitoring) cmd_monitoring "$@" ;;
    rollback) cmd_rollback "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
