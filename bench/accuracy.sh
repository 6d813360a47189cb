#!/usr/bin/env bash
# The accuracy matrix (docs/ACCURACY.md): bench/accuracy.sh [java ...]
# Without arguments it runs the java on PATH and, when present, JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
cp=$(mvn -B -q -pl bench dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)
javas=("$@")
if [ ${#javas[@]} -eq 0 ]; then
  javas=(java)
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then javas+=(/usr/lib/jvm/temurin-25-jdk-amd64/bin/java); fi
fi
java -cp "bench/target/stackwatch-bench.jar:$cp" io.stackwatch.bench.accuracy.AccuracyMatrix \
  "$PWD/agent/target/stackwatch-agent.jar" "$PWD/bench/target/stackwatch-bench.jar" "${javas[@]}"
