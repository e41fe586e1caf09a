#!/bin/sh
# Login cost of an app password and the CPU a burst of wrong passwords takes (docs/benchmarks.md, "App password login").
# usage: scripts/bench-app-password.sh [threads] [seconds]
set -e
cd "$(dirname "$0")/.."
mvn -B -q -o -Pbench -pl benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.groupmailbox.bench.AppPasswordLogin "$@"
