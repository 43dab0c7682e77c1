#!/usr/bin/env bash
# Checks the container packaging without a Docker engine (none runs on our machines):
#   1. docker-compose.yml is valid         (docker-compose config -q; installs docker-compose 1.29 if missing)
#   2. the Dockerfile passes a linter      (npx dockerfilelint)
#   3. every path the Dockerfile copies exists and is not excluded by .dockerignore,
#      every file compose mounts or builds from exists
#   4. the Prometheus config parses and scrapes /actuator/prometheus (promtool, when installed)
#   5. when target/*.jar exists: the layers the Dockerfile copies are the jar's layers, and its launcher class exists
# Usage: ops/check-packaging.sh   (from anywhere; exits non-zero on the first failure)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-packaging: FAIL: $*" >&2; exit 1; }
ok() { echo "check-packaging: ok: $*"; }

# ---- 1. compose -------------------------------------------------------------
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "check-packaging: installing docker-compose"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
docker-compose -f docker-compose.yml config -q || fail "docker-compose config -q rejected docker-compose.yml"
ok "docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo unknown version))"

# ---- 2. Dockerfile lint -----------------------------------------------------
npx --yes dockerfilelint@1.8.0 Dockerfile || fail "dockerfilelint found problems in Dockerfile"
ok "Dockerfile passes dockerfilelint"

# ---- 3. paths ---------------------------------------------------------------
# Dockerfile instructions with their continuation lines joined
instructions() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Dockerfile | sed -e 's/^[[:space:]]*//' | grep -v '^#' || true; }

# .dockerignore semantics, simplified: the last pattern that matches the path or one of its parents wins
ignored() {
  local path=$1 result=1 line pattern negate prefix
  [ -f .dockerignore ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%#*}"; line="$(echo "$line" | xargs)"
    [ -n "$line" ] || continue
    negate=0
    if [ "${line:0:1}" = "!" ]; then negate=1; line="${line:1}"; fi
    pattern="${line%/}"; pattern="${pattern#./}"
    prefix=""
    local IFS_SAVE=$IFS; IFS=/
    for part in $path; do
      prefix="${prefix:+$prefix/}$part"
      # shellcheck disable=SC2053
      if [[ $prefix == $pattern ]]; then
        if [ $negate = 1 ]; then result=1; else result=0; fi
        break
      fi
    done
    IFS=$IFS_SAVE
  done < .dockerignore
  return $result
}

copied=0
while read -r instruction args; do
  case "${instruction^^}" in COPY|ADD) ;; *) continue ;; esac
  case "$args" in *--from=*) continue ;; esac
  # drop flags (--chown=..., --chmod=...), the last word is the destination
  read -r -a words <<< "$(echo "$args" | sed -E 's/--[a-z]+=[^ ]+//g')"
  [ ${#words[@]} -ge 2 ] || fail "cannot read sources of: $instruction $args"
  for source in "${words[@]:0:${#words[@]}-1}"; do
    source="${source%/}"; source="${source#./}"
    [ -e "$source" ] || fail "Dockerfile copies '$source', which does not exist"
    ! ignored "$source" || fail "Dockerfile copies '$source', which .dockerignore excludes from the build context"
    copied=$((copied + 1))
  done
done < <(instructions)
[ $copied -gt 0 ] || fail "found no COPY sources in Dockerfile"
[ -x mvnw ] || fail "mvnw is not executable: the image build runs ./mvnw"
ok "all $copied paths the Dockerfile copies exist and are in the build context"

# compose: build contexts and ./bind mounts
while read -r context; do
  [ -f "$context/Dockerfile" ] || fail "docker-compose.yml builds '$context', which has no Dockerfile"
done < <(sed -nE 's/^[[:space:]]*build:[[:space:]]*([^[:space:]#]+).*/\1/p' docker-compose.yml)
mounts=0
while read -r mount; do
  [ -e "$mount" ] || fail "docker-compose.yml mounts '$mount', which does not exist"
  mounts=$((mounts + 1))
done < <(sed -nE 's/^[[:space:]]*-[[:space:]]*"?(\.\/[^:"]+):.*/\1/p' docker-compose.yml)
ok "build context and $mounts bind-mounted file(s) of docker-compose.yml exist"

# ---- 4. Prometheus config ---------------------------------------------------
grep -q 'metrics_path: /actuator/prometheus' ops/prometheus.yml || fail "ops/prometheus.yml does not scrape /actuator/prometheus"
if command -v promtool >/dev/null 2>&1; then
  promtool check config ops/prometheus.yml >/dev/null || fail "promtool rejected ops/prometheus.yml"
  ok "ops/prometheus.yml passes promtool"
elif command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
  python3 -c 'import sys, yaml; c = yaml.safe_load(open("ops/prometheus.yml")); assert c["scrape_configs"][0]["static_configs"][0]["targets"]' \
    || fail "ops/prometheus.yml does not parse"
  ok "ops/prometheus.yml parses (promtool not installed)"
else
  ok "ops/prometheus.yml scrapes /actuator/prometheus (no YAML checker installed)"
fi

# ---- 5. jar layers ----------------------------------------------------------
jar=$(ls target/backprop-service-*.jar 2>/dev/null | head -n 1 || true)
if [ -n "$jar" ] && command -v java >/dev/null 2>&1; then
  layers=$(java -Djarmode=tools -jar "$jar" list-layers)
  copied_layers=$(instructions | sed -nE 's#^COPY --from=build /workspace/extracted/([^/ ]+)/ .*#\1#p')
  [ "$(echo "$layers" | xargs)" = "$(echo "$copied_layers" | xargs)" ] \
    || fail "the Dockerfile copies layers [$(echo $copied_layers)] but $jar has [$(echo $layers)]"
  launcher=$(instructions | sed -nE 's/^ENTRYPOINT .*"(org\.springframework\.boot\.loader[^"]+)".*/\1/p')
  unzip -l "$jar" "${launcher//.//}.class" >/dev/null 2>&1 || fail "$jar has no launcher class $launcher"
  ok "layers [$(echo $layers)] and launcher $launcher match $jar"
else
  echo "check-packaging: skipped: layer check (no target/*.jar; run ./mvnw package first)"
fi

echo "check-packaging: all checks passed"
