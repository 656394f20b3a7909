// Counts, per object, the retains made by each thread of a Swift program, and lists the
// objects retained by more than one thread: counts two cores change for the same object
// pull its line from one core to the other each time, which costs many times the
// instruction itself. Built and preloaded by Benchmarks/count-shared-retains; it counts only
// once the first queue named "ratecard.evaluate..." is made (the threads deciding claims).
//
// A diagnostic, not part of ratecard: it interposes swift_retain and swift_bridgeObjectRetain.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (1 << 20)
#define THREADS 16

typedef struct {
  uintptr_t object;
  unsigned long count;
  void *metadata;
  char text[40];  // the first bytes of a string's storage, to name it
} Entry;

static Entry *tables[THREADS];
static int tableCount;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread Entry *mine;
static volatile int counting;

static uintptr_t slotOf(uintptr_t object) { return (object * 0x9E3779B97F4A7C15ull) >> 44; }

static void count(void *pointer) {
  if (!pointer || !counting) return;
  uintptr_t object = (uintptr_t)pointer;
  if (!mine) {
    pthread_mutex_lock(&lock);
    if (tableCount < THREADS) tables[tableCount++] = mine = calloc(SLOTS, sizeof(Entry));
    pthread_mutex_unlock(&lock);
    if (!mine) return;
  }
  uintptr_t slot = slotOf(object);
  for (int probe = 0; probe < 64; probe++) {
    Entry *entry = &mine[(slot + probe) & (SLOTS - 1)];
    if (entry->object == object) { entry->count++; return; }
    if (!entry->object) {
      entry->object = object;
      entry->count = 1;
      entry->metadata = *(void **)object;
      memcpy(entry->text, (char *)object + 32, sizeof entry->text - 1);
      for (size_t i = 0; i < sizeof entry->text - 1; i++)
        if ((unsigned char)entry->text[i] < 32 && entry->text[i]) entry->text[i] = '.';
      return;
    }
  }
}

void *swift_retain(void *object) {
  static void *(*real)(void *);
  if (!real) real = dlsym(RTLD_NEXT, "swift_retain");
  count(object);
  return real(object);
}

void *swift_bridgeObjectRetain(void *object) {
  static void *(*real)(void *);
  if (!real) real = dlsym(RTLD_NEXT, "swift_bridgeObjectRetain");
  uintptr_t bits = (uintptr_t)object;
  // Tagged values (small strings) have no object; the low bits and top nibble are flags.
  if (bits && !(bits >> 63)) count((void *)(bits & 0x0FFFFFFFFFFFFFF8ull));
  return real(object);
}

static void startIfEvaluating(const char *label) {
  if (label && strncmp(label, "ratecard.evaluate", 17) == 0) counting = 1;
}

void *dispatch_queue_create_with_target(const char *label, void *attributes, void *target) {
  static void *(*real)(const char *, void *, void *);
  if (!real) real = dlsym(RTLD_NEXT, "dispatch_queue_create_with_target");
  startIfEvaluating(label);
  return real(label, attributes, target);
}

void *dispatch_queue_create(const char *label, void *attributes) {
  static void *(*real)(const char *, void *);
  if (!real) real = dlsym(RTLD_NEXT, "dispatch_queue_create");
  startIfEvaluating(label);
  return real(label, attributes);
}

static unsigned long countIn(Entry *table, uintptr_t object) {
  uintptr_t slot = slotOf(object);
  for (int probe = 0; probe < 64; probe++) {
    Entry *entry = &table[(slot + probe) & (SLOTS - 1)];
    if (entry->object == object) return entry->count;
    if (!entry->object) return 0;
  }
  return 0;
}

// At exit: one line per object retained by two threads or more, at least 500 times in all:
// the count, the threads, the type and the first bytes (names a string). An address freed and
// used again is counted as one object.
__attribute__((destructor)) static void report(void) {
  const char *path = getenv("SHARED_COUNTS_OUT");
  FILE *out = path ? fopen(path, "w") : stderr;
  if (!out) return;
  typedef struct { const char *data; size_t length; } TypeName;
  TypeName (*typeName)(void *, int) = dlsym(RTLD_DEFAULT, "swift_getTypeName");
  for (int table = 0; table < tableCount; table++) {
    for (int slot = 0; slot < SLOTS; slot++) {
      Entry *entry = &tables[table][slot];
      if (!entry->object) continue;
      int threads = 0, earlier = 0;
      unsigned long total = 0;
      for (int other = 0; other < tableCount; other++) {
        unsigned long n = countIn(tables[other], entry->object);
        if (n) { threads++; total += n; if (other < table) earlier = 1; }
      }
      if (threads < 2 || total < 500 || earlier) continue;
      char name[200] = "?";
      if (entry->metadata && typeName) {
        TypeName type = typeName(entry->metadata, 1);
        snprintf(name, sizeof name, "%.*s", (int)(type.length < 190 ? type.length : 190), type.data);
      }
      fprintf(out, "%lu\t%d\t%s\t%s\n", total, threads, name, entry->text);
    }
  }
  if (path) fclose(out);
}
