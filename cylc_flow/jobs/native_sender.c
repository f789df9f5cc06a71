/*
 * The job side's fast path for its own "started" and "succeeded" messages:
 * one put_messages request over a CURVE REQ socket, as job_messenger.py
 * sends it, from a program that starts in a millisecond instead of a
 * Python interpreter's twenty.  Built by cylc_flow/jobs/native_sender.py
 * on the scheduler host; libzmq (pyzmq's copy) is loaded at run time.
 *
 *   native_sender RUN_DIR JOB_ID EVENT_TIME SEVERITY MESSAGE
 *
 * The job script has already printed the message and written job.status.
 * Exit status: 0 sent (or the workflow is not running: the message waits
 * in job.status, as with "cylc message"); 1 this program cannot send it,
 * or the scheduler answered with an error (the job falls back to the
 * Python messenger, which reports it); 2 no answer after every try (one
 * line on stderr).
 * Environment: CYLC_LIBZMQ (the library), CYLC_TASK_MSG_MAX_TRIES,
 * CYLC_TASK_MSG_RETRY_INTVL, CYLC_TASK_MSG_TIMEOUT.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ZMQ_REQ 3
#define ZMQ_LINGER 17
#define ZMQ_RCVTIMEO 27
#define ZMQ_SNDTIMEO 28
#define ZMQ_CURVE_PUBLICKEY 48
#define ZMQ_CURVE_SECRETKEY 49
#define ZMQ_CURVE_SERVERKEY 50
#define ZMQ_REQ_CORRELATE 52
#define ZMQ_REQ_RELAXED 53
#define KEY_LENGTH 40

enum { SENT = 0, CANNOT = 1, FAILED = 2 };

typedef struct {
    void *(*ctx_new)(void);
    int (*ctx_term)(void *);
    void *(*socket)(void *, int);
    int (*close)(void *);
    int (*setsockopt)(void *, int, const void *, size_t);
    int (*connect)(void *, const char *);
    int (*send)(void *, const void *, size_t, int);
    int (*recv)(void *, void *, size_t, int);
    int (*errno_)(void);
    int (*has)(const char *);
} Zmq;

static int load_zmq(Zmq *zmq) {
    const char *path = getenv("CYLC_LIBZMQ");
    if (path == NULL || *path == '\0')
        return 0;
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL)
        return 0;
    zmq->ctx_new = (void *(*)(void))dlsym(library, "zmq_ctx_new");
    zmq->ctx_term = (int (*)(void *))dlsym(library, "zmq_ctx_term");
    zmq->socket = (void *(*)(void *, int))dlsym(library, "zmq_socket");
    zmq->close = (int (*)(void *))dlsym(library, "zmq_close");
    zmq->setsockopt = (int (*)(void *, int, const void *, size_t))dlsym(
        library, "zmq_setsockopt");
    zmq->connect = (int (*)(void *, const char *))dlsym(library, "zmq_connect");
    zmq->send = (int (*)(void *, const void *, size_t, int))dlsym(
        library, "zmq_send");
    zmq->recv = (int (*)(void *, void *, size_t, int))dlsym(library, "zmq_recv");
    zmq->errno_ = (int (*)(void))dlsym(library, "zmq_errno");
    zmq->has = (int (*)(const char *))dlsym(library, "zmq_has");
    return zmq->ctx_new && zmq->ctx_term && zmq->socket && zmq->close &&
           zmq->setsockopt && zmq->connect && zmq->send && zmq->recv &&
           zmq->errno_ && zmq->has && zmq->has("curve");
}

/* A whole small file into buf (NUL-terminated); 1 if read, 0 if missing
 * (ENOENT), -1 on any other problem. */
static int read_file(const char *path, char *buf, size_t size) {
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return errno == ENOENT ? 0 : -1;
    size_t length = fread(buf, 1, size - 1, file);
    int failed = ferror(file) || length == size - 1;
    fclose(file);
    buf[length] = '\0';
    return failed ? -1 : 1;
}

/* The value of "KEY=value" at the start of a line (trimmed), or 0. */
static int field(const char *text, const char *key, char *out, size_t size) {
    size_t key_length = strlen(key);
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length > key_length && strncmp(line, key, key_length) == 0 &&
            line[key_length] == '=') {
            const char *value = line + key_length + 1;
            size_t value_length = length - key_length - 1;
            while (value_length && (value[value_length - 1] == ' ' ||
                                    value[value_length - 1] == '\r'))
                value_length--;
            if (value_length == 0 || value_length >= size)
                return 0;
            memcpy(out, value, value_length);
            out[value_length] = '\0';
            return 1;
        }
        line = end ? end + 1 : NULL;
    }
    return 0;
}

/* A Z85 key from a certificate line: NAME = "40 characters". */
static int certificate_key(const char *text, const char *name, char *out) {
    const char *found = strstr(text, name);
    if (found == NULL)
        return 0;
    const char *quote = strchr(found, '"');
    if (quote == NULL || strlen(quote + 1) < KEY_LENGTH + 1 ||
        quote[KEY_LENGTH + 1] != '"')
        return 0;
    memcpy(out, quote + 1, KEY_LENGTH);
    out[KEY_LENGTH] = '\0';
    return 1;
}

/* Text that needs no JSON escaping (job IDs, times, the two messages). */
static int plain(const char *text) {
    if (*text == '\0')
        return 0;
    for (; *text; text++) {
        char c = *text;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || strchr("_./:+-", c)))
            return 0;
    }
    return 1;
}

static double number_from_env(const char *name, double fallback, double low) {
    const char *text = getenv(name);
    if (text == NULL || *text == '\0')
        return fallback;
    char *end;
    double value = strtod(text, &end);
    return (*end == '\0' && value >= low && value < 1e9) ? value : fallback;
}

static int set_int(Zmq *zmq, void *socket, int option, int value) {
    return zmq->setsockopt(socket, option, &value, sizeof value);
}

/* One request on a fresh socket: 1 replied (reply in buf), 0 no reply in
 * time, -1 the socket could not be set up. */
static int exchange(Zmq *zmq, const char *endpoint, char keys[3][KEY_LENGTH + 1],
                    const char *body, int timeout_ms, char *buf, size_t size) {
    void *context = zmq->ctx_new();
    if (context == NULL)
        return -1;
    int result = -1;
    void *socket = zmq->socket(context, ZMQ_REQ);
    if (socket != NULL &&
        set_int(zmq, socket, ZMQ_LINGER, 0) == 0 &&
        set_int(zmq, socket, ZMQ_REQ_RELAXED, 1) == 0 &&
        set_int(zmq, socket, ZMQ_REQ_CORRELATE, 1) == 0 &&
        zmq->setsockopt(socket, ZMQ_CURVE_SECRETKEY, keys[1], KEY_LENGTH + 1) == 0 &&
        zmq->setsockopt(socket, ZMQ_CURVE_PUBLICKEY, keys[0], KEY_LENGTH + 1) == 0 &&
        zmq->setsockopt(socket, ZMQ_CURVE_SERVERKEY, keys[2], KEY_LENGTH + 1) == 0 &&
        set_int(zmq, socket, ZMQ_SNDTIMEO, timeout_ms) == 0 &&
        set_int(zmq, socket, ZMQ_RCVTIMEO, timeout_ms) == 0 &&
        zmq->connect(socket, endpoint) == 0) {
        result = 0;
        if (zmq->send(socket, body, strlen(body), 0) >= 0) {
            int length;
            do {
                length = zmq->recv(socket, buf, size - 1, 0);
            } while (length < 0 && zmq->errno_() == EINTR);
            if (length >= 0) {
                buf[(size_t)length < size - 1 ? (size_t)length : size - 1] = '\0';
                result = 1;
            }
        }
    }
    if (socket != NULL)
        zmq->close(socket);
    zmq->ctx_term(context);
    return result;
}

int main(int argc, char **argv) {
    if (argc != 6)
        return CANNOT;
    const char *run_dir = argv[1], *job_id = argv[2], *when = argv[3];
    const char *severity = argv[4], *message = argv[5];
    if (!plain(job_id) || !plain(when) || !plain(severity) || !plain(message))
        return CANNOT;
    Zmq zmq;
    if (!load_zmq(&zmq))
        return CANNOT;

    char path[4096], text[8192], keys[3][KEY_LENGTH + 1];
    snprintf(path, sizeof path, "%s/.service/contact", run_dir);
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return SENT; /* not running: the message waits in job.status */
    snprintf(path, sizeof path, "%s/.service/message.key_secret", run_dir);
    int found = read_file(path, text, sizeof text);
    if (found == 0) {
        snprintf(path, sizeof path, "%s/.service/client.key_secret", run_dir);
        found = read_file(path, text, sizeof text);
    }
    if (found != 1 || !certificate_key(text, "public-key", keys[0]) ||
        !certificate_key(text, "secret-key", keys[1]))
        return CANNOT;
    snprintf(path, sizeof path, "%s/.service/server.key", run_dir);
    if (read_file(path, text, sizeof text) != 1 ||
        !certificate_key(text, "public-key", keys[2]))
        return CANNOT;

    char body[2048];
    int length = snprintf(
        body, sizeof body,
        "{\"command\":\"put_messages\",\"args\":{\"task_job\":\"%s\","
        "\"event_time\":\"%s\",\"messages\":[[\"%s\",\"%s\"]]},"
        "\"meta\":{\"prog\":\"message\",\"comms_method\":\"zmq\"}}",
        job_id, when, severity, message);
    if (length < 0 || (size_t)length >= sizeof body)
        return CANNOT;

    int tries = (int)number_from_env("CYLC_TASK_MSG_MAX_TRIES", 5, 1);
    double delay = number_from_env("CYLC_TASK_MSG_RETRY_INTVL", 2, 0);
    double timeout = number_from_env("CYLC_TASK_MSG_TIMEOUT", 10, 0.001);
    int timeout_ms = timeout * 1000 < 1 ? 1 : (int)(timeout * 1000);
    snprintf(path, sizeof path, "%s/.service/contact", run_dir);
    for (int attempt = 1; attempt <= tries; attempt++) {
        char host[256], port[16], endpoint[300], reply[4096];
        found = read_file(path, text, sizeof text);
        if (found == 0)
            return SENT; /* not running: the message waits in job.status */
        if (found < 0)
            return CANNOT;
        if (!(field(text, "CYLC_WORKFLOW_HOST", host, sizeof host) ||
              field(text, "CYLC_SUITE_HOST", host, sizeof host)) ||
            !(field(text, "CYLC_WORKFLOW_PORT", port, sizeof port) ||
              field(text, "CYLC_SUITE_PORT", port, sizeof port)))
            return CANNOT;
        snprintf(endpoint, sizeof endpoint, "tcp://%s:%s", host, port);
        int replied = exchange(&zmq, endpoint, keys, body, timeout_ms, reply,
                               sizeof reply);
        if (replied < 0)
            return CANNOT;
        if (replied > 0) {
            const char *start = reply;
            while (*start == ' ' || *start == '\n' || *start == '\r' ||
                   *start == '\t')
                start++;
            if (strncmp(start, "{\"data\":", 8) == 0)
                return SENT;
            return CANNOT; /* an error reply: the messenger reports it */
        }
        if (attempt < tries && delay > 0) {
            struct timespec pause = {(time_t)delay,
                                     (long)((delay - (time_t)delay) * 1e9)};
            nanosleep(&pause, NULL);
        }
    }
    fprintf(stderr, "cylc message: no answer from the workflow after %d"
                    " tries of %gs (the messages are in job.status)\n",
            tries, timeout);
    return FAILED;
}
