/*
 * The memory addon, loaded by src/native/memory-addon.ts.
 *
 * mallocTrim(): malloc_trim(0) for the scan (src/scan/release-memory.ts): hands the pages of freed
 * allocations back to the system, in every thread's arena. glibc keeps them otherwise: once a scan has
 * freed a few large buffers, its dynamic mmap threshold rises, later buffers of up to 32 MB come from
 * the arenas, and space freed in the middle of an arena stays resident for the rest of the run.
 * Elsewhere than glibc it does nothing and returns false.
 */
#include <node_api.h>
#include <stdint.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

static napi_value Trim(napi_env env, napi_callback_info info) {
  (void)info;
  int released = 0;
#if defined(__GLIBC__)
  released = malloc_trim(0);
#endif
  napi_value out;
  napi_get_boolean(env, released != 0, &out);
  return out;
}

/* Bytes of one element of a typed array of `type`. */
static size_t ElementSize(napi_typedarray_type type) {
  switch (type) {
    case napi_int16_array: case napi_uint16_array: return 2;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: return 4;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: return 8;
    default: return 1;
  }
}

/*
 * adviseHugePages(view): madvise(MADV_HUGEPAGE) on the 2 MB-aligned part of a typed array's buffer (an
 * ArrayBuffer or a SharedArrayBuffer: Node-API reads the latter only through a view) not written yet, so
 * that the kernel backs it with transparent huge pages (where THP is enabled, even in "madvise" mode) and a
 * large column costs one page fault per 2 MB instead of one per 4 KB. Returns whether the advice was taken.
 */
static napi_value AdviseHugePages(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int done = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1) {
    void* data = NULL;
    size_t length = 0;
    bool is_view = false;
    napi_typedarray_type type;
    napi_value buffer;
    size_t offset = 0;
    napi_is_typedarray(env, argv[0], &is_view);
    if (is_view && napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) == napi_ok && data != NULL) {
      /* The view's bytes (Node-API gives a SharedArrayBuffer's size only through its views). */
      length *= ElementSize(type);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      const uintptr_t huge = (uintptr_t)2 << 20;
      uintptr_t from = ((uintptr_t)data + huge - 1) & ~(huge - 1);
      uintptr_t to = ((uintptr_t)data + length) & ~(huge - 1);
      if (to > from) done = madvise((void*)from, to - from, MADV_HUGEPAGE) == 0;
#endif
    }
  }
  napi_value out;
  napi_get_boolean(env, done != 0, &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "mallocTrim", NAPI_AUTO_LENGTH, Trim, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "mallocTrim", fn) != napi_ok) return NULL;
  if (napi_create_function(env, "adviseHugePages", NAPI_AUTO_LENGTH, AdviseHugePages, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "adviseHugePages", fn) != napi_ok) return NULL;
  return exports;
}
