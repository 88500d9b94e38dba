// A CPU emulation of the small part of CUDA that scatter.cu uses, so the unit tests run the real
// kernel source on machines without a GPU (compiled by g++ with -DSCATTER_EMU; see emu_jni.cpp).
//
// Execution model: blocks run one after another; the threads of a block run as cooperative fibers
// (ucontext) that switch only at __syncthreads, which is exactly CUDA's barrier semantics for
// correct kernels. A block whose first thread finishes without reaching a barrier runs its other
// threads as plain calls (most kernels have no barrier). Because a single block runs at a time, a
// `static` local is that block's shared memory, and atomics are plain read-modify-writes.
// Not emulated: warp-level behaviour, memory ordering, races between blocks (the tests cannot
// detect a kernel that relies on them; such kernels are not written).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <functional>
#include <vector>
#include <ucontext.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
struct alignas(8) float2 {
    float x, y;
};
struct alignas(16) double2 {
    double x, y;
};

namespace emu {
extern dim3 threadIdx, blockIdx, blockDim, gridDim;
extern unsigned char* dynSmem;
void syncthreads();
}  // namespace emu

using emu::blockDim;
using emu::blockIdx;
using emu::gridDim;
using emu::threadIdx;

#define __syncthreads() emu::syncthreads()
#define SHARED_DYN(type, name) type* name = reinterpret_cast<type*>(emu::dynSmem)

inline double atomicAdd(double* a, double v) {
    double old = *a;
    *a = old + v;
    return old;
}

inline float sqrtf(float v) { return std::sqrt(v); }
using std::pow;
using std::sqrt;
