#!/usr/bin/env bash
# The performance suite (docs/PERFORMANCE.md): bench/perf.sh [--quick] [section ...]
# Sections: overhead libraries startup classload memory depth (default: all). JAVA=... picks the JDK
# that runs it (and, through JMH's forks and the child JVMs, the JDK measured).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
mvn -B -q package -DskipTests -pl core,otlp,agent,bench
cp=$(mvn -B -q -Dstyle.color=never -pl bench dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=/dev/stdout | sed 's/\x1b\[[0-9;]*m//g')
exec "$JAVA" -cp "bench/target/stackwatch-bench.jar:$cp" -Dbench.agentJar="$PWD/agent/target/stackwatch-agent.jar" \
  io.stackwatch.bench.perf.PerfSuite "$@"
