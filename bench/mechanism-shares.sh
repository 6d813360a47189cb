#!/usr/bin/env bash
# Runs every corpus case with the agent's default arguments and -Dstackwatch.dumpDir, then counts
# which mechanism counts each method (bench/.../mechanism/MechanismShares).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
out=${OUT:-target/mechanism}
rm -rf "$out"; mkdir -p "$out"
dirs=()
for lib in agent/target/corpus-libs/*/; do
  name=$(basename "$lib")
  [ -f "agent/target/test-classes/corpus/$name/Hostile.class" ] || continue
  cp="agent/target/test-classes:$(ls "$lib"*.jar | tr '\n' ':')"
  "$JAVA" -Dstackwatch.dumpDir="$out/$name" -javaagent:agent/target/stackwatch-agent.jar -cp "$cp" \
    "corpus.$name.Hostile" > "$out/$name.out" 2>&1 || true
  mkdir -p "$out/$name"; dirs+=("$out/$name")
done
cpb=$(mvn -B -q -o -Dstyle.color=never -pl bench dependency:build-classpath -DincludeScope=provided \
  -Dmdep.outputFile=/dev/stdout | sed 's/\x1b\[[0-9;]*m//g')
"$JAVA" -cp "bench/target/classes:$cpb" io.stackwatch.bench.perf.mechanism.MechanismShares "${dirs[@]}"
