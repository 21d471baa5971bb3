/* One thread (wasm32-wasip1): the zone state needs no lock. */
#define LOCK(x) ((void)(x))
#define UNLOCK(x) ((void)(x))
