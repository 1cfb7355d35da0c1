#!/usr/bin/env bash
# A single-node SLURM on this machine, to try profiles/slurm without a cluster.
#
#   profiles/slurm/local-cluster.sh start    install (apt, as root), configure, start
#   eval "$(profiles/slurm/local-cluster.sh env)"   point sinfo, sbatch... at it
#   profiles/slurm/local-cluster.sh status
#   profiles/slurm/local-cluster.sh stop     end the daemons that start started
#
# Everything it writes (slurm.conf, the munge key, state, logs, pid files) is in
# one folder, $LOCAL_SLURM_DIR (default: .slurm/ in the project), never in
# /etc/slurm or /etc/munge, where a real cluster's configuration may live. One
# partition, `local`, holds this machine's node; no accounting database (see
# README.md beside this file).
set -euo pipefail

PROJECT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${LOCAL_SLURM_DIR:-$PROJECT/.slurm}
# Not SLURM's default ports (6817, 6818): a packaged slurmd may hold those.
CTLD_PORT=${LOCAL_SLURM_PORT:-16817}
SLURMD_PORT=$((CTLD_PORT + 1))
NODE=$(hostname -s)
PACKAGES=(slurmctld slurmd slurm-client munge)

die() {
  echo "fatal: $*" >&2
  exit 1
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

install_missing() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null ||
    die "SLURM is not installed and there is no apt-get; install slurm-wlm and munge"
  echo "installing ${missing[*]} (apt-get)" >&2
  # policy-rc.d: the packages must not start the system's own munged or slurmd.
  local policy=/usr/sbin/policy-rc.d own_policy='' installed=1
  if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' >$policy && chmod +x $policy && own_policy=1
  fi
  apt_install "${missing[@]}" || { apt-get update -q >&2 && apt_install "${missing[@]}"; } ||
    installed=''
  [ -z "$own_policy" ] || rm -f $policy
  [ -n "$installed" ] || die "apt-get install ${missing[*]} failed"
}

write_config() {
  mkdir -p "$DIR"/{bin,munge,run,log,state/ctld,state/d}
  chmod 700 "$DIR/munge"
  [ -s "$DIR/munge/munge.key" ] ||
    { dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none &&
      chmod 400 "$DIR/munge/munge.key"; }
  # The node line as slurmd detects this machine (CPUs, cores, memory).
  local node
  node=$(slurmd -C | head -1) || die "slurmd -C could not describe this machine"
  cat >"$DIR/slurm.conf" <<EOF
# Written by profiles/slurm/local-cluster.sh: a single-node SLURM, all of it in
# $DIR.
ClusterName=local
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/run/munge.socket
CredType=cred/munge
StateSaveLocation=$DIR/state/ctld
SlurmdSpoolDir=$DIR/state/d
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
# No cgroups needed: a job's processes are tracked by their process group, so
# that a cancelled job's processes end even once they have lost their parent
# (proctrack/linuxproc, by parent, let such an orphan live on); no CPU binding.
ProctrackType=proctrack/pgid
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
# No accounting database: squeue answers for a finished job for MinJobAge
# seconds, long enough for the plugin's status checks (--slurm-status-command).
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=600
ReturnToService=2
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  # The jobstep plugin starts each job's command with srun, after dropping
  # every SLURM_* variable, SLURM_CONF too: a real cluster's srun finds
  # /etc/slurm/slurm.conf without it; this cluster's srun is given it back.
  local srun
  srun=$(PATH=${PATH//"$DIR/bin:"/} type -P srun) || die "srun not found"
  printf '#!/bin/sh\nSLURM_CONF=%q exec %q "$@"\n' "$DIR/slurm.conf" "$srun" >"$DIR/bin/srun"
  chmod +x "$DIR/bin/srun"
}

# pid_of NAME: the pid in NAME's pid file when that process is still NAME.
pid_of() {
  local file=$DIR/run/$1.pid pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file")
  [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$1" ] && echo "$pid"
}

start() {
  # slurmd runs each job as its user, and munged, slurmctld and slurmd read
  # their key and state as root here.
  [ "$(id -u)" -eq 0 ] || die "start needs root; as root: apt-get install slurm-wlm munge, then $0 start"
  install_missing
  if pid_of slurmctld >/dev/null || pid_of slurmd >/dev/null || pid_of munged >/dev/null; then
    die "already running ($DIR); run: $0 stop"
  fi
  write_config
  export SLURM_CONF=$DIR/slurm.conf
  # --force: munged refuses a socket that not every user can reach (a folder
  # under a private one); here only the users who can reach it submit jobs.
  munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/run/munge.socket" \
    --pid-file="$DIR/run/munged.pid" --log-file="$DIR/log/munged.log" \
    --seed-file="$DIR/munge/munged.seed"
  # -c: a fresh controller state each start (no jobs of an earlier cluster).
  slurmctld -c -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  local state='' _
  for _ in $(seq 60); do
    state=$(sinfo -h -p local -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 1
  done
  if [ "$state" != idle ]; then
    stop >&2
    die "node $NODE is '${state:-unknown}', not idle, after 60 s; see $DIR/log/"
  fi
  echo "SLURM is up: partition local, node $NODE. In your shell:" >&2
  echo "  eval \"\$($0 env)\"" >&2
}

# stop_daemon NAME: TERM it, wait up to 30 s for it to exit, then KILL it.
stop_daemon() {
  local pid _
  pid=$(pid_of "$1") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 300); do
    [ -e /proc/"$pid" ] || return 0
    sleep 0.1
  done
  echo "warning: $1 ($pid) did not exit on TERM; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  export SLURM_CONF=$DIR/slurm.conf
  # Its jobs first, so that no job step outlives slurmd.
  if pid_of slurmctld >/dev/null; then
    scancel --full --partition local 2>/dev/null || true
    for _ in $(seq 100); do
      [ -z "$(squeue -h -t running,completing -o %i 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
  rm -f "$DIR"/run/*.pid
  echo "SLURM stopped ($DIR)" >&2
}

status() {
  local name
  for name in munged slurmctld slurmd; do
    if pid_of $name >/dev/null; then echo "$name: running (pid $(pid_of $name))"; else echo "$name: stopped"; fi
  done
  pid_of slurmctld >/dev/null && SLURM_CONF=$DIR/slurm.conf sinfo
  return 0
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
env)
  printf 'export SLURM_CONF=%q\n' "$DIR/slurm.conf"
  printf 'case ":$PATH:" in *:%q:*) ;; *) export PATH=%q:"$PATH" ;; esac\n' "$DIR/bin" "$DIR/bin"
  ;;
*) die "usage: $0 start|stop|status|env" ;;
esac
