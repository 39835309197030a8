/* `foitab run --watch`: inotify on every folder under the inputs; a burst of events is
 * debounced into one re-run, which only does the new work (the state store). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/batch.h"

enum { DEBOUNCE_MS = 500, MAX_WATCH_DEPTH = 32 };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* Watch dir and every folder below it (replies are filed in force folders). */
static int watch_tree(int fd, const char *dir, int depth)
{
    uint32_t mask = IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
                    IN_DELETE_SELF | IN_ATTRIB;
    if (inotify_add_watch(fd, dir, mask) < 0) return -1;
    if (depth >= MAX_WATCH_DEPTH) return 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path) continue;
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) watch_tree(fd, path, depth + 1);
    }
    closedir(d);
    return 0;
}

static int open_watches(const foi_run_opts *o)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return -1;
    for (int i = 0; i < o->ndirs; i++)
        if (watch_tree(fd, o->dirs[i], 0) < 0) {
            close(fd);
            return -1;
        }
    return fd;
}

/* True when something happened; drains the queue, then waits out the burst. */
static bool wait_for_change(int fd)
{
    char buf[16384];
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (!stop) {
        int r = poll(&p, 1, 1000);
        if (r < 0 && errno != EINTR) return false;
        if (r <= 0) continue;
        while (read(fd, buf, sizeof buf) > 0) {
        }
        /* debounce: a copy of many files arrives as many events */
        while (!stop && poll(&p, 1, DEBOUNCE_MS) > 0)
            while (read(fd, buf, sizeof buf) > 0) {
            }
        return !stop;
    }
    return false;
}

int foi_watch(const foi_run_opts *o, FILE *msg)
{
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    foi_run_opts once = *o;
    once.watch = false;
    once.quiet = false; /* one line per run is the point of --watch */
    int rc = foi_run(&once, msg);
    if (rc == FOI_EXIT_USAGE) return rc;
    once.full = false; /* later runs only do the new work */
    while (!stop) {
        /* folders may have been added: watch the tree afresh for each wait */
        int fd = open_watches(o);
        if (fd < 0) {
            fprintf(msg, "foitab: cannot watch the input folders: %s\n", strerror(errno));
            return FOI_EXIT_USAGE;
        }
        bool changed = wait_for_change(fd);
        close(fd);
        if (!changed) break;
        rc = foi_run(&once, msg);
        fflush(msg);
    }
    return rc;
}
