# The JVM options of a meshaudit run, in one place. Sourced by ./meshaudit and bench/run; the image (deploy/Dockerfile)
# reads cli/jvm.options directly.
#
# meshaudit_jvm_options ROOT ARGS...  sets the array MESHAUDIT_JVM to the options for a run of the CLI with ARGS
# (and MESHAUDIT_JIT to its JIT option, empty for tiered compilation):
#   @ROOT/cli/jvm.options   every run (JIT inlining, metaspace)
#   the JIT                 C1 alone for small inputs, tiered compilation for large ones (below)
#   the collector           SerialGC with a young generation of 1/8 of the heap
# MESHAUDIT_JAVA_OPTS, when set, replaces the JIT and the collector (and can override cli/jvm.options).
MESHAUDIT_GC="-XX:+UseSerialGC -XX:NewRatio=7"
# JIT: a short run is fastest with C1 alone (no profiling, nothing for C2 to compile: S engine 4.9 -> 3.5 s), a long
# one needs C2's code (L engine and audit.json several times faster). At M (213 MB of kubectl JSON, 20k pods) tiered
# compilation with cli/jvm.options' inlining was slightly faster (13.8 s against 14.4-15.2 s): inputs of 128 MB or
# more get tiered compilation.
MESHAUDIT_TIERED_FROM_BYTES=134217728

meshaudit_jvm_options() {
  local root="$1" jit=-XX:TieredStopAtLevel=1 input=0 taking="" path a
  shift
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
  (( input >= MESHAUDIT_TIERED_FROM_BYTES )) && jit=""
  MESHAUDIT_JIT="$jit"
  MESHAUDIT_JVM=("@$root/cli/jvm.options")
  # shellcheck disable=SC2206 # option strings are split into words on purpose
  if [[ -n "${MESHAUDIT_JAVA_OPTS:-}" ]]; then
    MESHAUDIT_JVM+=($MESHAUDIT_JAVA_OPTS)
  else
    MESHAUDIT_JVM+=($jit $MESHAUDIT_GC)
  fi
}
