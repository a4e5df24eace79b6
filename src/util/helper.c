/* util/helper.c — the background helper thread of helper.h: a mutex, two condition variables and
 * at most one job pending or running. */
#include "util/helper.h"
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_posted = PTHREAD_COND_INITIALIZER;
static pthread_cond_t job_done = PTHREAD_COND_INITIALIZER;
static bool started, atfork_registered;
static wb_helper_job *pending, *running;

static void *helper_main(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!pending) pthread_cond_wait(&job_posted, &lock);
    wb_helper_job *job = pending;
    pending = NULL;
    running = job;
    pthread_mutex_unlock(&lock);
    job->fn(job->arg);
    pthread_mutex_lock(&lock);
    running = NULL;
    job->done = true;
    pthread_cond_broadcast(&job_done);
  }
  return NULL;
}

/* fork() copies only the forking thread: hold the lock across it so the child's copy is
 * consistent, then let the child forget a helper it does not have. */
static void before_fork(void) { pthread_mutex_lock(&lock); }
static void after_fork_parent(void) { pthread_mutex_unlock(&lock); }
static void after_fork_child(void) {
  started = false;
  pending = running = NULL;
  pthread_mutex_unlock(&lock);
}

void wb_helper_prestart(void) {
  pthread_mutex_lock(&lock);
  if (!atfork_registered)
    atfork_registered = pthread_atfork(before_fork, after_fork_parent, after_fork_child) == 0;
  if (!started && atfork_registered) {
    /* The helper takes no asynchronous signals: they stay with the threads that expect them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t attr;
    pthread_t th;
    if (pthread_attr_init(&attr) == 0) {
      pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
      started = pthread_create(&th, &attr, helper_main, NULL) == 0;
      pthread_attr_destroy(&attr);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  }
  pthread_mutex_unlock(&lock);
}

bool wb_helper_post(wb_helper_job *job) {
  pthread_mutex_lock(&lock);
  bool ok = started && !pending && !running;
  if (ok) {
    job->done = false;
    pending = job;
    pthread_cond_signal(&job_posted);
  }
  pthread_mutex_unlock(&lock);
  return ok;
}

void wb_helper_join(wb_helper_job *job) {
  pthread_mutex_lock(&lock);
  if (pending == job) {
    pending = NULL; /* not begun: withdrawn, the caller did all the work */
  } else {
    while (!job->done) pthread_cond_wait(&job_done, &lock);
  }
  pthread_mutex_unlock(&lock);
}
