#!/bin/bash
# The Cylc job library: sourced by every job script, which then calls
# cylc__job__main.  (The shebang is only a hint for linters.)
#
# A job script defines the "cylc__job__inst__*" functions (its environment
# and the user's scripts); this library runs them in order, records the
# job's progress in job.status, reports it with "cylc message", traps
# failure signals and enforces the execution time limit of runners that do
# not enforce one themselves (CYLC_TASK_EXECUTION_TIME_LIMIT, in seconds).

###############################################################################
# Run the job.
cylc__job__main() {
    cylc__job__inst__cylc_env
    if cylc__job__is_true "${CYLC_DEBUG:-false}"; then
        PS4='+[\D{%Y%m%dT%H%M%S%z}]\u@\h '
        exec 19>>"${CYLC_RUN_DIR}/${CYLC_WORKFLOW_ID}/log/job/${CYLC_TASK_JOB}/job.xtrace"
        export BASH_XTRACEFD=19
        >&2 echo "Sending DEBUG MODE xtrace to job.xtrace"
        set -x
    fi
    cylc__job__run_inst_func 'init_script'
    # The init-script (or a login shell) may have reset PATH: make sure the
    # scheduler's own cylc comes first.
    cylc__job__use_cylc_executable
    local signal_name=
    for signal_name in ${CYLC_FAIL_SIGNALS}; do
        # shellcheck disable=SC2064
        trap "cylc__job_err ${signal_name}" "${signal_name}"
    done
    for signal_name in ${CYLC_VACATION_SIGNALS:-}; do
        # shellcheck disable=SC2064
        trap "cylc__job_vacation ${signal_name}" "${signal_name}"
    done
    set -euo pipefail
    cylc__job__set_user
    echo "Workflow : ${CYLC_WORKFLOW_ID}"
    echo "Job : ${CYLC_TASK_JOB} (try ${CYLC_TASK_TRY_NUMBER})"
    echo "User@Host: ${USER}@${HOSTNAME:-$(hostname)}"
    echo
    cylc__job__derive_env
    # Record the start before reporting it, so polling sees it too.
    cylc__job__now
    cylc__job__status_append "CYLC_JOB_PID=$$" \
        "CYLC_JOB_INIT_TIME=${CYLC_JOB_NOW}"
    # The native sender if built; else one Python for a short job: a
    # co-process sends "started" and, if the job ends within its grace
    # time, the final message too.
    if ! cylc__job__native_send 'started' &&
            ! cylc__job__messenger_start 'started'; then
        cylc__job__message 'started' &
        CYLC_TASK_MESSAGE_STARTED_PID=$!
    fi
    export PATH="${CYLC_WORKFLOW_RUN_DIR}/share/bin:${CYLC_WORKFLOW_RUN_DIR}/bin:${PATH}"
    export PYTHONPATH="${CYLC_WORKFLOW_RUN_DIR}/share/lib/python:${CYLC_WORKFLOW_RUN_DIR}/lib/python:${PYTHONPATH:-}"
    # (no process started for a directory that exists)
    [[ -d "${CYLC_TASK_SHARE_CYCLE_DIR}" ]] ||
        mkdir -p "${CYLC_TASK_SHARE_CYCLE_DIR}" || true
    [[ -d "${CYLC_TASK_WORK_DIR}" ]] || mkdir -p "${CYLC_TASK_WORK_DIR}"
    cd "${CYLC_TASK_WORK_DIR}"
    cylc__job__start_time_limit
    # The user's scripts run in a background subshell: it protects this
    # shell from them, and waiting on it lets signal traps fire at once.
    cylc__job__run_user_scripts &
    CYLC_TASK_USER_SCRIPT_PID=$!
    wait "${CYLC_TASK_USER_SCRIPT_PID}" || {
        local ret_code="$?"
        if ((ret_code > 128)); then
            # Killed by a signal: leave through the EXIT trap.
            exit "${ret_code}"
        fi
        # Fire the ERR trap, keeping the exit code.
        cylc__set_return "${ret_code}"
    }
    cylc__job__stop_time_limit
    cd "${HOME:-/}" 2>'/dev/null' || cd '/'
    rmdir "${CYLC_TASK_WORK_DIR}" 2>'/dev/null' || true
    if [[ -n "${CYLC_TASK_MESSAGE_STARTED_PID:-}" ]]; then
        wait "${CYLC_TASK_MESSAGE_STARTED_PID}" 2>'/dev/null' || true
    fi
    cylc__job__now
    cylc__job__status_append 'CYLC_JOB_EXIT=SUCCEEDED' \
        "CYLC_JOB_EXIT_TIME=${CYLC_JOB_NOW}"
    if [[ -n "${CYLC__JOB__MESSENGER_WRITE:-}" ]] ||
            ! cylc__job__native_send 'succeeded'; then
        cylc__job__messenger_post 'succeeded' && cylc__job__messenger_ack ||
            cylc__job__messenger_fallback 'succeeded' || true
    fi
    # shellcheck disable=SC2086
    trap '' ${CYLC_VACATION_SIGNALS:-} ${CYLC_FAIL_SIGNALS}
    cylc__job__run_inst_func 'exit_script'
    exit 0
}

###############################################################################
# Derived workflow and task environment variables.
cylc__job__derive_env() {
    export CYLC_WORKFLOW_RUN_DIR="${CYLC_RUN_DIR}/${CYLC_WORKFLOW_ID}"
    export CYLC_WORKFLOW_LOG_DIR="${CYLC_WORKFLOW_RUN_DIR}/log/scheduler"
    export CYLC_WORKFLOW_SHARE_DIR="${CYLC_WORKFLOW_RUN_DIR}/share"
    export CYLC_WORKFLOW_WORK_DIR="${CYLC_WORKFLOW_RUN_DIR}/work"
    export CYLC_TASK_CYCLE_POINT="${CYLC_TASK_JOB%%/*}"
    export CYLC_TASK_NAME="${CYLC_TASK_JOB#*/}"
    CYLC_TASK_NAME="${CYLC_TASK_NAME%/*}"
    if [[ "${CYLC_CYCLING_MODE}" != 'integer' ]]; then
        export ISODATETIMECALENDAR="${CYLC_CYCLING_MODE}"
        export ISODATETIMEREF="${CYLC_TASK_CYCLE_POINT}"
    fi
    # "10#": a zero-padded submit number is decimal, not octal.
    export CYLC_TASK_SUBMIT_NUMBER="$((10#${CYLC_TASK_JOB##*/}))"
    export CYLC_TASK_ID="${CYLC_TASK_CYCLE_POINT}/${CYLC_TASK_NAME}"
    export CYLC_TASK_LOG_DIR="${CYLC_WORKFLOW_RUN_DIR}/log/job/${CYLC_TASK_JOB}"
    export CYLC_TASK_LOG_ROOT="${CYLC_TASK_LOG_DIR}/job"
    if [[ -n "${CYLC_TASK_WORK_DIR_BASE:-}" ]]; then
        # May refer to the variables above, so it is expanded only now.
        CYLC_TASK_WORK_DIR_BASE="$(eval echo "${CYLC_TASK_WORK_DIR_BASE}")"
    else
        CYLC_TASK_WORK_DIR_BASE="${CYLC_TASK_CYCLE_POINT}/${CYLC_TASK_NAME}"
    fi
    export CYLC_TASK_WORK_DIR="${CYLC_WORKFLOW_WORK_DIR}/${CYLC_TASK_WORK_DIR_BASE}"
    export CYLC_TASK_SHARE_CYCLE_DIR="${CYLC_WORKFLOW_SHARE_DIR}/cycle/${CYLC_TASK_CYCLE_POINT}"
    local contact="${CYLC_WORKFLOW_RUN_DIR}/.service/contact"
    if [[ -f "${contact}" ]]; then
        # (read by the shell itself: no process started)
        local line=
        CYLC_WORKFLOW_HOST=
        CYLC_WORKFLOW_OWNER=
        while IFS= read -r line || [[ -n "${line}" ]]; do
            case "${line}" in
                CYLC_WORKFLOW_HOST=*) CYLC_WORKFLOW_HOST="${line#*=}" ;;
                CYLC_WORKFLOW_OWNER=*) CYLC_WORKFLOW_OWNER="${line#*=}" ;;
            esac
        done <"${contact}" || true
        export CYLC_WORKFLOW_HOST CYLC_WORKFLOW_OWNER
        export CYLC_SUITE_HOST="${CYLC_WORKFLOW_HOST}"
        export CYLC_SUITE_OWNER="${CYLC_WORKFLOW_OWNER}"
    fi
    # Deprecated Cylc 7 names, still provided.
    export CYLC_SUITE_SHARE_DIR="${CYLC_WORKFLOW_SHARE_DIR}"
    export CYLC_SUITE_SHARE_PATH="${CYLC_WORKFLOW_SHARE_DIR}"
    export CYLC_SUITE_NAME="${CYLC_WORKFLOW_ID}"
    export CYLC_SUITE_LOG_DIR="${CYLC_WORKFLOW_LOG_DIR}"
    export CYLC_SUITE_INITIAL_CYCLE_POINT="${CYLC_WORKFLOW_INITIAL_CYCLE_POINT}"
    export CYLC_SUITE_INITIAL_CYCLE_TIME="${CYLC_WORKFLOW_INITIAL_CYCLE_POINT}"
    export CYLC_SUITE_FINAL_CYCLE_POINT="${CYLC_WORKFLOW_FINAL_CYCLE_POINT}"
    export CYLC_SUITE_FINAL_CYCLE_TIME="${CYLC_WORKFLOW_FINAL_CYCLE_POINT}"
    export CYLC_SUITE_WORK_DIR="${CYLC_WORKFLOW_WORK_DIR}"
    export CYLC_SUITE_UUID="${CYLC_WORKFLOW_UUID}"
    export CYLC_SUITE_RUN_DIR="${CYLC_WORKFLOW_RUN_DIR}"
    export CYLC_SUITE_DEF_PATH="${CYLC_WORKFLOW_RUN_DIR}"
    export CYLC_TASK_CYCLE_TIME="${CYLC_TASK_CYCLE_POINT}"
    export CYLC_TASK_WORK_PATH="${CYLC_TASK_WORK_DIR}"
}

###############################################################################
# Report messages of this job to the scheduler: "cylc message", or, where
# the job script names the scheduler's Python and message script, the same
# command run by that Python without its site packages or environment
# (several times faster to start: jobs send at least two messages).
cylc__job__message() {
    if cylc__job__fast_messages; then
        "${CYLC_MESSAGE_PYTHON}" -I -S -c "${CYLC__JOB__MESSENGER_LAUNCHER}" \
            "${CYLC_MESSAGE_SCRIPT}" \
            -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" "$@"
    else
        cylc message -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" "$@"
    fi
}

###############################################################################
# Send the job's own "started" or "succeeded" (already in job.status, at
# CYLC_JOB_NOW) with the native sender, and print it as "cylc message"
# does; 1 if there is no sender or it cannot send (use Python then).
cylc__job__native_send() {
    if [[ -z "${CYLC_MESSAGE_SENDER:-}" || ! -x "${CYLC_MESSAGE_SENDER}" ||
            "${CYLC_TASK_COMMS_METHOD:-}" == 'poll' ]]; then
        return 1
    fi
    local code=0
    "${CYLC_MESSAGE_SENDER}" "${CYLC_WORKFLOW_RUN_DIR}" "${CYLC_TASK_JOB}" \
        "${CYLC_JOB_NOW}" 'INFO' "$1" || code="$?"
    if ((code == 1)); then
        return 1
    fi
    echo "${CYLC_JOB_NOW} INFO - $1"
}

###############################################################################
# The message co-process (one Python for a short job).
# Python code that imports the job-side messenger module named by its path
# (its directory on sys.path only while importing) and runs it.
CYLC__JOB__MESSENGER_LAUNCHER='import sys; '\
'directory, _, name = sys.argv[1].rpartition("/"); '\
'sys.path.insert(0, directory); messenger = __import__(name[:-3]); '\
'del sys.path[0]; sys.exit(messenger.main(sys.argv[2:]))'

# True if this job can run the fast message sender.
cylc__job__fast_messages() {
    [[ -n "${CYLC_MESSAGE_PYTHON:-}" && -x "${CYLC_MESSAGE_PYTHON}" &&
        -f "${CYLC_MESSAGE_SCRIPT:-}" ]]
}

# Start the co-process with its first messages; 1 if it cannot be started.
# It acknowledges each batch with a "done <code>" line, read through
# private copies of its pipes (bash closes its own when it reaps it).
cylc__job__messenger_start() {
    CYLC__JOB__MESSENGER_ACKS=
    if [[ "${CYLC_TASK_COMMS_METHOD:-}" == 'poll' ]] ||
            ! cylc__job__fast_messages; then
        return 1
    fi
    local stdout_fd=
    exec {stdout_fd}>&1
    coproc CYLC_MESSENGER {
        exec "${CYLC_MESSAGE_PYTHON}" -I -S -c \
            "${CYLC__JOB__MESSENGER_LAUNCHER}" "${CYLC_MESSAGE_SCRIPT}" \
            --serve -- "${CYLC_WORKFLOW_ID}" "${CYLC_TASK_JOB}" "$@" \
            3>&1 1>&"${stdout_fd}" {stdout_fd}>&-
    }
    local read_fd="${CYLC_MESSENGER[0]:-}" write_fd="${CYLC_MESSENGER[1]:-}"
    if [[ -z "${read_fd}" || -z "${write_fd}" ]]; then
        exec {stdout_fd}>&-
        return 1
    fi
    exec {CYLC__JOB__MESSENGER_READ}<&"${read_fd}" \
        {CYLC__JOB__MESSENGER_WRITE}>&"${write_fd}" {stdout_fd}>&-
    CYLC__JOB__MESSENGER_ACKS=0
}

# Close this shell's copies of the co-process pipes (user scripts and
# fallback processes do not need them).
cylc__job__messenger_close() {
    if [[ -n "${CYLC__JOB__MESSENGER_READ:-}" ]]; then
        exec {CYLC__JOB__MESSENGER_READ}<&- {CYLC__JOB__MESSENGER_WRITE}>&-
        CYLC__JOB__MESSENGER_READ=
        CYLC__JOB__MESSENGER_WRITE=
    fi
}

# Give the co-process the job's final messages; 1 if it has gone.
cylc__job__messenger_post() {
    if [[ -z "${CYLC__JOB__MESSENGER_WRITE:-}" ]]; then
        return 1
    fi
    local message= batch=
    for message in "$@"; do
        if [[ -z "${message}" || "${message}" == *$'\n'* ]]; then
            return 1  # (not for the line protocol: a fresh process)
        fi
        batch+="${message}"$'\n'
    done
    local code=0
    trap '' PIPE  # a co-process that has gone: an error, not a signal
    printf '%s\n' "${batch}" >&"${CYLC__JOB__MESSENGER_WRITE}" 2>'/dev/null' ||
        code=1
    trap - PIPE
    return "${code}"
}

# Wait for the co-process to acknowledge the first and the final batches
# (for as long as its retries may take); 1 if it went without doing so.
cylc__job__messenger_ack() {
    local tries="${CYLC_TASK_MSG_MAX_TRIES:-5}"
    local timeout="${CYLC_TASK_MSG_TIMEOUT:-10}"
    local delay="${CYLC_TASK_MSG_RETRY_INTVL:-2}"
    tries="${tries%%.*}" timeout="${timeout%%.*}" delay="${delay%%.*}"
    [[ "${tries}" =~ ^[0-9]+$ ]] || tries=5
    [[ "${timeout}" =~ ^[0-9]+$ ]] || timeout=10
    [[ "${delay}" =~ ^[0-9]+$ ]] || delay=2
    local wait_seconds="$((tries * (timeout + delay + 2) + 5))"
    local line=
    while ((${CYLC__JOB__MESSENGER_ACKS:-0} < 2)); do
        if ! read -r -t "${wait_seconds}" -u "${CYLC__JOB__MESSENGER_READ}" line \
                2>'/dev/null'; then
            cylc__job__messenger_close
            return 1
        fi
        if [[ "${line}" == 'done '* ]]; then
            CYLC__JOB__MESSENGER_ACKS="$((CYLC__JOB__MESSENGER_ACKS + 1))"
        fi
    done
    cylc__job__messenger_close
}

# Send the final messages with a fresh process (after the co-process had
# gone), with "started" too if the co-process never confirmed it.
cylc__job__messenger_fallback() {
    local line=
    if [[ -n "${CYLC__JOB__MESSENGER_READ:-}" ]]; then
        # acknowledgements the co-process wrote before it went
        while read -r -t 0.05 -u "${CYLC__JOB__MESSENGER_READ}" line \
                2>'/dev/null'; do
            if [[ "${line}" == 'done '* ]]; then
                CYLC__JOB__MESSENGER_ACKS="$((CYLC__JOB__MESSENGER_ACKS + 1))"
            fi
        done
    fi
    cylc__job__messenger_close
    if [[ -n "${CYLC__JOB__MESSENGER_ACKS:-}" ]] &&
            ((CYLC__JOB__MESSENGER_ACKS == 0)); then
        cylc__job__message 'started' "$@"
    else
        cylc__job__message "$@"
    fi
}

###############################################################################
# Set USER if it is not set, without starting a process where bash can
# tell (4.4 and later: the prompt escape \u).
cylc__job__set_user() {
    if [[ -n "${USER:-}" ]]; then
        return 0
    fi
    if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 404)); then
        local escape='\u'
        USER="${escape@P}"
    fi
    USER="${USER:-$(whoami)}"
}

###############################################################################
# Put the directory of the scheduler's cylc executable first in PATH,
# unless "cylc" already resolves to it.
cylc__job__use_cylc_executable() {
    if [[ -z "${CYLC_EXECUTABLE:-}" || "${PATH}" == "${CYLC_EXECUTABLE%/*}:"* ]]
    then
        return 0  # (no process started when PATH still starts with it)
    fi
    if [[ "$(command -v cylc 2>'/dev/null' || true)" != "${CYLC_EXECUTABLE}" ]]
    then
        export PATH="${CYLC_EXECUTABLE%/*}:${PATH}"
    fi
}

###############################################################################
# Run the user's scripts (in a subshell, see cylc__job__main).
cylc__job__run_user_scripts() {
    cylc__job__messenger_close
    local func_name=
    for func_name in 'env_script' 'user_env' 'pre_script' 'script' \
            'post_script'; do
        cylc__job__run_inst_func "${func_name}"
    done
}

###############################################################################
# Return the given code (a reliable way to fire the ERR trap).
cylc__set_return() {
    return "${1:-0}"
}

###############################################################################
# True for "true", "True", "yes" or "1".
cylc__job__is_true() {
    case "${1:-}" in
        true | True | TRUE | yes | Yes | 1) return 0 ;;
    esac
    return 1
}

###############################################################################
# Set CYLC_JOB_NOW to the time, e.g. 2025-01-31T12:00:00Z or ...+13:00.
# (The printf builtin: no process is started.)
cylc__job__now() {
    printf -v CYLC_JOB_NOW '%(%Y-%m-%dT%H:%M:%S%z)T' -1
    CYLC_JOB_NOW="${CYLC_JOB_NOW:0:${#CYLC_JOB_NOW}-2}:${CYLC_JOB_NOW: -2}"
    if [[ "${CYLC_JOB_NOW}" == *'+00:00' ]]; then
        CYLC_JOB_NOW="${CYLC_JOB_NOW%+00:00}Z"
    fi
}

###############################################################################
# Append lines to job.status (a vanished log directory is not an error).
cylc__job__status_append() {
    local line=
    {
        for line in "$@"; do
            printf '%s\n' "${line}"
        done
    } >>"${CYLC_TASK_LOG_ROOT}.status" 2>'/dev/null' || true
}

###############################################################################
# True if job.status already records the job's exit.
cylc__job__status_has_exit() {
    grep -q '^CYLC_JOB_EXIT=' "${CYLC_TASK_LOG_ROOT}.status" 2>'/dev/null'
}

###############################################################################
# Start the execution time limit watchdog, if this job has a limit.
# After CYLC_TASK_EXECUTION_TIME_LIMIT seconds it sends XCPU to the job,
# which then fails with "failed/XCPU" as under a batch system's limit.
cylc__job__start_time_limit() {
    local limit="${CYLC_TASK_EXECUTION_TIME_LIMIT:-}"
    limit="${limit%%.*}"
    if [[ ! "${limit}" =~ ^[0-9]+$ ]]; then
        return 0
    fi
    if ((limit < 1)); then
        limit=1
    fi
    local job_pid="$$"
    (
        trap 'kill "${sleep_pid:-}" 2>/dev/null; exit 0' TERM
        sleep "${limit}" &
        sleep_pid=$!
        wait "${sleep_pid}"
        kill -s XCPU "${job_pid}" 2>'/dev/null' || true
    ) >'/dev/null' 2>&1 &
    CYLC_TASK_TIME_LIMIT_PID=$!
}

###############################################################################
# Stop the execution time limit watchdog, if any.
cylc__job__stop_time_limit() {
    if [[ -n "${CYLC_TASK_TIME_LIMIT_PID:-}" ]]; then
        kill -s TERM "${CYLC_TASK_TIME_LIMIT_PID}" 2>'/dev/null' || true
        CYLC_TASK_TIME_LIMIT_PID=
    fi
}

###############################################################################
# Disable selected (or, with no arguments, all) failure traps.
cylc__job__disable_fail_signals() {
    if [[ "$#" == '0' ]]; then
        CYLC_FAIL_SIGNALS=
    else
        local signal=
        for signal in "$@"; do
            CYLC_FAIL_SIGNALS="${CYLC_FAIL_SIGNALS/${signal}/}"
        done
    fi
}

###############################################################################
# Wait for the background "cylc message started" to finish.
cylc__job__wait_cylc_message_started() {
    if [[ -n "${CYLC_TASK_MESSAGE_STARTED_PID:-}" ]]; then
        while kill -s 0 -- "${CYLC_TASK_MESSAGE_STARTED_PID}" 2>'/dev/null'
        do
            sleep 1
        done
    fi
}

###############################################################################
# Wait (up to a minute) for a pattern to appear in the scheduler log.
cylc__job__poll_grep_workflow_log() {
    local timeout="$(($(date +%s) + 60))"
    while ! grep -s "$@" "${CYLC_WORKFLOW_LOG_DIR}/log"; do
        sleep 1
        if (($(date +%s) > timeout)); then
            echo "ERROR: poll timed out: grep -s $* ${CYLC_WORKFLOW_LOG_DIR}/log" >&2
            exit 1
        fi
    done
}

###############################################################################
# Run "cylc__job__inst__NAME ARGS...", if the job script defines it.
cylc__job__run_inst_func() {
    local func_name="$1"
    shift 1
    if declare -F "cylc__job__inst__${func_name}" >'/dev/null'; then
        "cylc__job__inst__${func_name}" "$@"
    fi
}

###############################################################################
# Finish a failed (or vacated) job.
# Arguments:
#   signal: the trapped signal, or ERR or EXIT
#   run_err_script: true or false
#   exit_value: for job.status (empty for a vacated job)
#   messages...: for "cylc message"
cylc__job_finish_err() {
    CYLC_TASK_USER_SCRIPT_EXITCODE="${CYLC_TASK_USER_SCRIPT_EXITCODE:-$?}"
    local signal="$1"
    local run_err_script="$2"
    local exit_value="$3"
    shift 3
    # shellcheck disable=SC2086
    trap '' ${CYLC_VACATION_SIGNALS:-} ${CYLC_FAIL_SIGNALS}
    set +e
    cylc__job__stop_time_limit
    if [[ -n "${CYLC_TASK_MESSAGE_STARTED_PID:-}" ]]; then
        wait "${CYLC_TASK_MESSAGE_STARTED_PID}" 2>'/dev/null'
    fi
    # Pass a real signal on to the whole process group if this job leads
    # one, otherwise to the user's scripts.
    if [[ -n "${CYLC_TASK_USER_SCRIPT_PID:-}" && "${signal}" != 'ERR' &&
            "${signal}" != 'EXIT' ]]; then
        kill -s "${signal}" -- "-$$" 2>'/dev/null' ||
            kill -s "${signal}" -- "${CYLC_TASK_USER_SCRIPT_PID}" 2>'/dev/null'
    fi
    local message_pid=
    local posted=false
    cylc__job__now
    if [[ -z "${exit_value}" ]]; then
        cylc__job__status_vacate "$@"
    elif ! cylc__job__status_has_exit; then
        cylc__job__status_append "CYLC_JOB_EXIT=${exit_value}" \
            "CYLC_JOB_EXIT_TIME=${CYLC_JOB_NOW}"
    else
        set --  # reported already
    fi
    if (($# > 0)); then
        if cylc__job__messenger_post "$@"; then
            posted=true
        else
            cylc__job__messenger_fallback "$@" &
            message_pid=$!
        fi
    fi
    if [[ "${run_err_script}" == 'true' ]]; then
        ( set -e; cylc__job__run_inst_func 'err_script' "${signal}" ) >&2
    fi
    if "${posted}" && ! cylc__job__messenger_ack; then
        cylc__job__messenger_fallback "$@"
    fi
    if [[ -n "${message_pid}" ]]; then
        wait "${message_pid}" 2>'/dev/null'
    fi
    exit "${CYLC_TASK_USER_SCRIPT_EXITCODE}"
}

###############################################################################
# A vacated job will run again: forget its run, keep its message.
cylc__job__status_vacate() {
    local status_file="${CYLC_TASK_LOG_ROOT}.status"
    if [[ -f "${status_file}" ]]; then
        grep -v -E '^CYLC_JOB_(PID|INIT_TIME|EXIT|EXIT_TIME)=' \
            "${status_file}" >"${status_file}.tmp" 2>'/dev/null'
        mv -f "${status_file}.tmp" "${status_file}" 2>'/dev/null'
    fi
    local message=
    for message in "$@"; do
        cylc__job__status_append \
            "CYLC_MESSAGE=${CYLC_JOB_NOW}|${message%%: *}|${message#*: }"
    done
}

###############################################################################
# Abort the job with a message: cylc__job_abort "reason".
cylc__job_abort() {
    CYLC_TASK_USER_SCRIPT_EXITCODE='1'
    cylc__job_finish_err 'EXIT' false "\"${1}\"" "CRITICAL: aborted/\"${1}\""
}

###############################################################################
# Trap handler for a vacation signal (the job will be requeued).
cylc__job_vacation() {
    cylc__job_finish_err "${1}" false '' "WARNING: vacated/${1}"
}

###############################################################################
# Trap handler for a failure signal (or ERR, or EXIT).
cylc__job_err() {
    cylc__job_finish_err "${1}" true "${1}" "CRITICAL: failed/${1}"
}

###############################################################################
# Dummy mode: succeed or fail on the given cycle points.
# Arguments:
#   fail_try_1_only: true to fail only the first try
#   fail_cycle_points...: "all", or the points to fail
cylc__job__dummy_result() {
    local fail_try_1_only="$1"
    shift
    local fail_cycle_points="$*"
    local fail_this_point=false
    local point=
    if [[ "${fail_cycle_points}" == *all* ]]; then
        fail_this_point=true
    elif [[ "${CYLC_CYCLING_MODE}" == 'integer' ]]; then
        for point in ${fail_cycle_points}; do
            if ((CYLC_TASK_CYCLE_POINT == point)); then
                fail_this_point=true
                break
            fi
        done
    else
        for point in ${fail_cycle_points}; do
            if cylc cycle-point --equal="${point}"; then
                fail_this_point=true
                break
            fi
        done
    fi
    if ! "${fail_this_point}" ||
            { "${fail_try_1_only}" && ((CYLC_TASK_TRY_NUMBER > 1)); }; then
        echo '(dummy job succeed)'
        return 0
    fi
    >&2 echo '(dummy job fail)'
    return 1
}
