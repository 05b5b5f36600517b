/*
 * malloc_trim(0) for the scan's coordinator (src/scan/release-memory.ts): hands the pages of freed
 * allocations back to the system, in every thread's arena. glibc keeps them otherwise: once a scan has
 * freed a few large buffers, its dynamic mmap threshold rises, later buffers of up to 32 MB come from
 * the arenas, and space freed in the middle of an arena stays resident for the rest of the run.
 * Elsewhere than glibc it does nothing and returns false.
 */
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
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

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "mallocTrim", NAPI_AUTO_LENGTH, Trim, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "mallocTrim", fn) != napi_ok) return NULL;
  return exports;
}
