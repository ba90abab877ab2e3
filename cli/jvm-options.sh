# The JVM options of a meshaudit run, in one place. Sourced by ./meshaudit and bench/run; the image (deploy/Dockerfile)
# reads cli/jvm.options directly.
#
# meshaudit_jvm_options ROOT ARGS...  sets the array MESHAUDIT_JVM to the options for a run of the CLI with ARGS
# (and MESHAUDIT_JIT to its JIT option, empty for tiered compilation, and MESHAUDIT_GC to its collector options):
#   @ROOT/cli/jvm.options   every run (JIT inlining, metaspace)
#   the JIT                 C1 alone for small inputs, tiered compilation for large ones (below)
#   the collector           for the same inputs, SerialGC and ParallelGC (below), with a young generation of 1/8 of
#                           the heap: at L the live set (~440 MB of 512) does not fit the default old generation
# MESHAUDIT_JAVA_OPTS, when set, replaces the JIT and the collector (and can override cli/jvm.options).
# JIT: a short run is fastest with C1 alone (no profiling, nothing for C2 to compile: S engine 4.9 -> 3.5 s), a long
# one needs C2's code (L engine and audit.json several times faster). Inputs of 128 MB or more get tiered compilation
# when the run writes any format besides audit.json (the XLSX, the PDF and the other writers need C2: M with
# json,xlsx,pdf 15.4 s tiered against 18.3 s under C1), and from 256 MB when it writes audit.json alone: below that,
# C2's compiling costs more than its code saves (M, 213 MB of kubectl JSON, JSON-only: 9.5-10.5 s under C1 against
# 11.5-12.1 s tiered, 30 % less CPU; L, 1 GB: 36.4 s against 31.1 s, as C1 parses half as fast).
# Collector: ParallelGC collects on both cores where SerialGC stops everything to collect on one; at L that took 5 s
# off the engine at the same CPU (42 s against 47 s, alternated pairs), at M it made no difference, and at S it was
# slower (5.1 s against 3.5-4.1 s). Large inputs get ParallelGC, small ones SerialGC.
# GC time goal: ParallelGC's default goal of 1 % of the time in collections (GCTimeRatio=99) grows an uncapped heap
# to ~1 GB at M, and the page faults of the new memory cost more than the collections saved (2.3-2.9 s of system
# time). A goal of 5 % keeps the young generation small: M JSON-only 7.8-8.9 s against 8.2-9.9 s, alternated, half
# the system time. Under a heap cap (bench/run's -Xmx) it changes nothing (L engine 19.5-19.8 s both ways). A fixed
# young generation (-Xmn, MaxNewSize) did as well at M but takes old space from a capped heap, so it is not used.
# Huge pages: large inputs also put the heap on transparent huge pages where the kernel offers them (THP "always" or
# "madvise"; with "never" the option is left out, as the JVM would only warn). At L the collector and the audit touch
# the whole 512 MB heap again and again; 2 MB pages cut the page walks: engine 36.4 s against 39.8 s (medians of 4
# alternated runs), 10 % less CPU; neutral at M and S (bench/README.md, session of 2026-11-30, third).
MESHAUDIT_TIERED_FROM_BYTES=134217728
MESHAUDIT_TIERED_JSON_ONLY_FROM_BYTES=268435456
MESHAUDIT_THP_FILE=/sys/kernel/mm/transparent_hugepage/enabled

# meshaudit_formats ARGS...  sets MESHAUDIT_FORMATS to the values of the --format options of ARGS, comma-separated
# (empty when there is none)
meshaudit_formats() {
  local taking="" a
  MESHAUDIT_FORMATS=""
  for a in "$@"; do
    case "$a" in
      --format=*) MESHAUDIT_FORMATS+="${MESHAUDIT_FORMATS:+,}${a#*=}" ;;
      --format) taking=1; continue ;;
      *) [[ -n "$taking" ]] && MESHAUDIT_FORMATS+="${MESHAUDIT_FORMATS:+,}$a" ;;
    esac
    taking=""
  done
}

meshaudit_jvm_options() {
  local root="$1" input=0 taking="" path a json_only=1 f
  shift
  meshaudit_formats "$@"
  for f in ${MESHAUDIT_FORMATS//,/ }; do
    [[ "$f" == json ]] || json_only=0
  done
  for a in "$@"; do
    path=""
    case "$a" in
      --manifests=*|--snapshot=*|--from=*) path="${a#*=}"; taking="" ;;
      --manifests|--snapshot|--from) taking="$a"; continue ;;
      -*) taking="" ;;
      *) [[ -n "$taking" ]] && path="$a"; [[ "$taking" != --manifests ]] && taking="" ;; # --manifests takes 1..n
    esac
    if [[ -n "$path" && -e "$path" ]]; then
      input=$(( input + $(du -sbL "$path" 2>/dev/null | cut -f1 || echo 0) ))
    fi
  done
  MESHAUDIT_JIT=-XX:TieredStopAtLevel=1
  MESHAUDIT_GC="-XX:+UseSerialGC -XX:NewRatio=7"
  if (( input >= MESHAUDIT_TIERED_FROM_BYTES )); then
    if (( json_only == 0 || input >= MESHAUDIT_TIERED_JSON_ONLY_FROM_BYTES )); then
      MESHAUDIT_JIT=""
    fi
    MESHAUDIT_GC="-XX:+UseParallelGC -XX:NewRatio=7 -XX:GCTimeRatio=19"
    if grep -qE '\[(always|madvise)\]' "$MESHAUDIT_THP_FILE" 2>/dev/null; then
      MESHAUDIT_GC+=" -XX:+UseTransparentHugePages"
    fi
  fi
  MESHAUDIT_JVM=("@$root/cli/jvm.options")
  # shellcheck disable=SC2206 # option strings are split into words on purpose
  if [[ -n "${MESHAUDIT_JAVA_OPTS:-}" ]]; then
    MESHAUDIT_JVM+=($MESHAUDIT_JAVA_OPTS)
  else
    MESHAUDIT_JVM+=($MESHAUDIT_JIT $MESHAUDIT_GC)
  fi
}
