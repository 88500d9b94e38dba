// Kernels of the scatterstream CUDA backend (org.scatterstream.engine.backend.cuda).
//
// Compiled by nvcc into scatter.fatbin (see build-kernels.sh) and launched through the driver API
// from CudaWorker. The same file is compiled by g++ against src/test/native/cuda_emu.h to run the
// kernels on the CPU in the unit tests (SCATTER_EMU): keep to plain C++ and the few CUDA built-ins
// that header provides (no warp intrinsics, no textures).
//
// Data layout (backend-private): a worker buffer holds `lanes` samples, lane v at element offset
// v * cap; elements are interleaved complex values (float2 / double2). Every kernel takes the lane
// count and loops over lanes on the grid's y dimension and over elements on x (grid-stride loops,
// so any grid size is correct; CudaLaunch picks the sizes).
//
// Every kernel exists twice, *_f32 and *_f64: a template instantiated by EXPORT below, with
// extern "C" names so the driver API finds them by name.

#ifdef SCATTER_EMU
#include "cuda_emu.h"
#else
/** The dynamic shared memory of a launch, as an array of `type`. */
#define SHARED_DYN(type, name) \
    extern __shared__ __align__(16) unsigned char scatter_smem_[]; \
    type* name = reinterpret_cast<type*>(scatter_smem_)
#endif

typedef long long i64;

// ---- complex arithmetic ---------------------------------------------------------------------------

template <typename T> struct Cx;
template <> struct Cx<float> { typedef float2 t; };
template <> struct Cx<double> { typedef double2 t; };

template <typename C> __device__ __forceinline__ C cadd(C a, C b) { C r; r.x = a.x + b.x; r.y = a.y + b.y; return r; }
template <typename C> __device__ __forceinline__ C csub(C a, C b) { C r; r.x = a.x - b.x; r.y = a.y - b.y; return r; }
template <typename C> __device__ __forceinline__ C cmul(C a, C b) {
    C r;
    r.x = a.x * b.x - a.y * b.y;
    r.y = a.x * b.y + a.y * b.x;
    return r;
}
/** a * i * sign (sign = +-1). */
template <typename C> __device__ __forceinline__ C cmuli(C a, int sign) {
    C r;
    if (sign > 0) { r.x = -a.y; r.y = a.x; } else { r.x = a.y; r.y = -a.x; }
    return r;
}

__device__ __forceinline__ float sqrt_(float v) { return sqrtf(v); }
__device__ __forceinline__ double sqrt_(double v) { return sqrt(v); }

/** Twiddle W_N^k = exp(-2 pi i k / N) from the forward table, conjugated for the inverse (sign +1). */
template <typename C> __device__ __forceinline__ C twiddle(const C* __restrict__ tw, i64 k, int sign) {
    C w = tw[k];
    if (sign > 0) w.y = -w.y;
    return w;
}

/**
 * The canonical radix of a remaining length (CudaFftSchedule.radices mirrors this rule): 4 while 4
 * divides, then 2, then the smallest odd prime factor.
 */
__device__ __forceinline__ int next_radix(int rem) {
    if ((rem & 3) == 0) return 4;
    if ((rem & 1) == 0) return 2;
    for (int p = 3; p * p <= rem; p += 2) {
        if (rem % p == 0) return p;
    }
    return rem;
}

// ---- input --------------------------------------------------------------------------------------

/**
 * Loads lanes from the host staging area (lane v: `uniq` values at v * uniq) through an index map
 * (grid element i -> staging slot map[i]; identity when map is null) into a real grid of n elements:
 * packed (elements 2e, 2e+1 as re/im of complex e; n == 1: one element, im 0) or as complex values
 * with zero imaginary parts. Lanes >= count are zeroed.
 */
#define PARAMS_gather(T, C) const T* __restrict__ staging, int uniq, const int* __restrict__ map, int n, \
    int packed, C* __restrict__ dst, i64 cap, int count, int lanes
#define ARGS_gather staging, uniq, map, n, packed, dst, cap, count, lanes
template <typename T, typename C> __device__ __forceinline__ void gather(PARAMS_gather(T, C)) {
    int elems = packed ? (n > 1 ? n / 2 : 1) : n;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        C* d = dst + (i64) v * cap;
        const T* s = staging + (i64) v * uniq;
        for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < elems; e += gridDim.x * blockDim.x) {
            T a = 0, b = 0;
            if (v < count) {
                if (packed) {
                    if (n == 1) {
                        a = s[map ? map[0] : 0];
                    } else {
                        a = s[map ? map[2 * e] : 2 * e];
                        b = s[map ? map[2 * e + 1] : 2 * e + 1];
                    }
                } else {
                    a = s[map ? map[e] : e];
                }
            }
            C r;
            r.x = a;
            r.y = b;
            d[e] = r;
        }
    }
}

// ---- FFT ----------------------------------------------------------------------------------------
//
// Mixed-radix Stockham autosort FFT (decimation in frequency, natural order in and out) along one
// axis of a row-major grid: per lane, `outer` blocks of N x inner elements; element k of line (o, i)
// at o * N * inner + k * inner + i. Stage (ns, s) with radix p, m = ns / p reads
// x[q + s (j + r m)] and writes y[q + s (p j + r)] = W_ns^(j r) DFT_p(x[q + s (j + r' m)])_r.
//
// A *pass* runs consecutive stages of total radix P in shared memory. Before it the stride is s0
// and the current length ns = N / s0; its independent groups g = c + Cs j2 (c < Cs = s0 inner,
// j2 < ns / P; G = N inner / P groups per line block) read elements g + G t (t < P) and write
// c + Cs (u + P j2) (u < P). Inside, the group's P elements run a local Stockham FFT of length P
// whose twiddles are those of the global stages: local stage (rem, sl), butterfly (ql, jl) uses
// W_(ns/sl)^(j r) with j = j2 + (ns / P) jl, i.e. table index j r s0 sl. A block holds Q groups
// ([P][Q] in shared memory, twice for ping-pong). CudaFftSchedule plans the passes; only the last
// pass (ns == P) may run in place.

#define PARAMS_fft_pass(T, C) const C* src, i64 srcCap, C* dst, i64 dstCap, const C* __restrict__ tw, int N, \
    int outer, int inner, int s0, int P, int Q, int sign, int lanes
#define ARGS_fft_pass src, srcCap, dst, dstCap, tw, N, outer, inner, s0, P, Q, sign, lanes
template <typename T, typename C> __device__ __forceinline__ void fft_pass(PARAMS_fft_pass(T, C)) {
    SHARED_DYN(C, smem);
    C* bufA = smem;
    C* bufB = smem + P * Q;
    const int ns = N / s0;
    const int Cs = s0 * inner;
    const int G = (int) ((i64) N * inner / P);
    const i64 Z = (i64) outer * G;
    const i64 tiles = (Z + Q - 1) / Q;
    const i64 line = (i64) N * inner;
    const int tid = threadIdx.x, nt = blockDim.x;
    const bool loadGroupsFast = G >= Q || G >= 8;
    const bool storeGroupsFast = Cs >= Q || Cs >= 8;
    const int nsP = ns / P;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* in = src + (i64) v * srcCap;
        C* out = dst + (i64) v * dstCap;
        for (i64 tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
            const i64 z0 = tile * Q;
            const int qn = (int) (Z - z0 < Q ? Z - z0 : Q);
            for (int idx = tid; idx < P * Q; idx += nt) {
                int gl, t;
                if (loadGroupsFast) { gl = idx % Q; t = idx / Q; } else { t = idx % P; gl = idx / P; }
                if (gl < qn) {
                    i64 z = z0 + gl;
                    i64 o = z / G;
                    int g = (int) (z - o * G);
                    bufA[t * Q + gl] = in[o * line + g + (i64) G * t];
                }
            }
            __syncthreads();
            C* cur = bufA;
            C* nxt = bufB;
            int sl = 1, rem = P;
            while (rem > 1) {
                const int p = next_radix(rem);
                const int mp = rem / p;
                const int items = sl * mp * Q;
                for (int it = tid; it < items; it += nt) {
                    const int gl = it % Q;
                    const int rest = it / Q;
                    const int ql = rest % sl;
                    const int jl = rest / sl;
                    int j2 = 0;
                    if (gl < qn) {
                        i64 z = z0 + gl;
                        int g = (int) (z % G);
                        j2 = g / Cs;
                    }
                    const i64 j = (i64) j2 + (i64) nsP * jl;
                    const i64 tstep = j * s0 * sl;                 // table index of W^(j * 1)
                    const int ib = (ql + sl * jl) * Q + gl;         // input r at ib + r * sl * mp * Q
                    const int istride = sl * mp * Q;
                    const int ob = (ql + sl * p * jl) * Q + gl;     // output r at ob + r * sl * Q
                    const int ostride = sl * Q;
                    if (p == 4) {
                        C a = cur[ib], b = cur[ib + istride], c = cur[ib + 2 * istride], d = cur[ib + 3 * istride];
                        C apc = cadd(a, c), amc = csub(a, c), bpd = cadd(b, d), bmd = cmuli(csub(b, d), sign);
                        nxt[ob] = cadd(apc, bpd);
                        nxt[ob + ostride] = cmul(cadd(amc, bmd), twiddle(tw, tstep, sign));
                        nxt[ob + 2 * ostride] = cmul(csub(apc, bpd), twiddle(tw, 2 * tstep, sign));
                        nxt[ob + 3 * ostride] = cmul(csub(amc, bmd), twiddle(tw, 3 * tstep, sign));
                    } else if (p == 2) {
                        C a = cur[ib], b = cur[ib + istride];
                        nxt[ob] = cadd(a, b);
                        nxt[ob + ostride] = cmul(csub(a, b), twiddle(tw, tstep, sign));
                    } else {
                        // generic odd radix: O(p) per output, roots of unity W_p = W_N^(N/p)
                        const i64 rootStep = N / p;
                        for (int r = 0; r < p; r++) {
                            C acc = cur[ib];
                            for (int t = 1; t < p; t++) {
                                acc = cadd(acc, cmul(cur[ib + t * istride], twiddle(tw, (i64) ((t * r) % p) * rootStep, sign)));
                            }
                            nxt[ob + r * ostride] = r == 0 ? acc : cmul(acc, twiddle(tw, r * tstep, sign));
                        }
                    }
                }
                __syncthreads();
                C* tmp = cur; cur = nxt; nxt = tmp;
                sl *= p;
                rem = mp;
            }
            for (int idx = tid; idx < P * Q; idx += nt) {
                int gl, u;
                if (storeGroupsFast) { gl = idx % Q; u = idx / Q; } else { u = idx % P; gl = idx / P; }
                if (gl < qn) {
                    i64 z = z0 + gl;
                    i64 o = z / G;
                    int g = (int) (z - o * G);
                    int c = g % Cs, j2 = g / Cs;
                    out[o * line + c + (i64) Cs * (u + (i64) P * j2)] = cur[u * Q + gl];
                }
            }
            __syncthreads();     // the next tile reuses shared memory
        }
    }
}

/**
 * One stage of radix p straight in global memory, one thread per output (for prime factors too
 * large for a shared-memory pass): the same indexing as fft_pass with P = p. Never in place.
 */
#define PARAMS_fft_stage(T, C) const C* __restrict__ src, i64 srcCap, C* __restrict__ dst, i64 dstCap, \
    const C* __restrict__ tw, int N, int outer, int inner, int s0, int p, int sign, int lanes
#define ARGS_fft_stage src, srcCap, dst, dstCap, tw, N, outer, inner, s0, p, sign, lanes
template <typename T, typename C> __device__ __forceinline__ void fft_stage(PARAMS_fft_stage(T, C)) {
    const int Cs = s0 * inner;
    const int G = (int) ((i64) N * inner / p);
    const i64 line = (i64) N * inner;
    const i64 total = (i64) outer * G * p;
    const i64 rootStep = N / p;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* in = src + (i64) v * srcCap;
        C* out = dst + (i64) v * dstCap;
        for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
            // e = (z, u) with z fastest: consecutive threads read consecutive groups
            const i64 z = e % ((i64) outer * G);
            const int u = (int) (e / ((i64) outer * G));
            const i64 o = z / G;
            const int g = (int) (z - o * G);
            const int c = g % Cs, j2 = g / Cs;
            const C* x = in + o * line + g;
            C acc = x[0];
            for (int t = 1; t < p; t++) {
                acc = cadd(acc, cmul(x[(i64) G * t], twiddle(tw, (i64) ((t * (i64) u) % p) * rootStep, sign)));
            }
            if (u > 0) acc = cmul(acc, twiddle(tw, (i64) j2 * u * s0, sign));
            out[o * line + c + (i64) Cs * (u + (i64) p * j2)] = acc;
        }
    }
}

/** Copies n elements per lane. */
#define PARAMS_copy(T, C) const C* __restrict__ src, i64 srcCap, C* __restrict__ dst, i64 dstCap, int n, int lanes
#define ARGS_copy src, srcCap, dst, dstCap, n, lanes
template <typename T, typename C> __device__ __forceinline__ void copy(PARAMS_copy(T, C)) {
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < n; e += gridDim.x * blockDim.x) {
            dst[(i64) v * dstCap + e] = src[(i64) v * srcCap + e];
        }
    }
}

/**
 * Real-FFT post-processing, per row of a grid: z holds the complex FFT (length h) of the packed real
 * row (length 2h), x receives bins 0..h: X[k] = E + W_2h^k (-i) O with E = (Z[k] + conj Z[h-k]) / 2,
 * O = (Z[k] - conj Z[h-k]) / 2 (Z[h] = Z[0]). tw is the table of length 2h.
 */
#define PARAMS_rfft_post(T, C) const C* __restrict__ z, i64 zCap, C* __restrict__ x, i64 xCap, \
    const C* __restrict__ tw, int rows, int h, int lanes
#define ARGS_rfft_post z, zCap, x, xCap, tw, rows, h, lanes
template <typename T, typename C> __device__ __forceinline__ void rfft_post(PARAMS_rfft_post(T, C)) {
    const int w = h + 1;
    const i64 total = (i64) rows * w;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* zz = z + (i64) v * zCap;
        C* xx = x + (i64) v * xCap;
        for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
            const i64 row = e / w;
            const int k = (int) (e - row * w);
            const C* zr = zz + row * h;
            C a = zr[k == h ? 0 : k];
            C b = zr[k == 0 ? 0 : h - k];
            b.y = -b.y;
            T er = (T) 0.5 * (a.x + b.x), ei = (T) 0.5 * (a.y + b.y);
            T orr = (T) 0.5 * (a.x - b.x), oi = (T) 0.5 * (a.y - b.y);
            // t = -i O
            T tr = oi, ti = -orr;
            C wk = tw[k];
            C r;
            r.x = er + wk.x * tr - wk.y * ti;
            r.y = ei + wk.x * ti + wk.y * tr;
            xx[e] = r;
        }
    }
}

// ---- filter products -------------------------------------------------------------------------------

/**
 * dst[d] = sum over the filter's support of X[k] h[k], k = d mod M (M = n / f), X the full spectrum
 * stored as bins 0..n/2 (X[k] = conj X[n-k] above n/2), h stored as h[(start + i) mod n] = values[i].
 */
#define PARAMS_multiply_fold(T, C) const C* __restrict__ X, i64 xCap, int n, const T* __restrict__ h, \
    int start, int len, int f, C* __restrict__ dst, i64 dCap, int lanes
#define ARGS_multiply_fold X, xCap, n, h, start, len, f, dst, dCap, lanes
/**
 * Bin m < M of the filter product folded to length M: sum over the filter's support (h[i] at bin
 * start + i mod n) of X[k] h[i] for k = m mod M, with X the half spectrum of a real signal of length n.
 */
template <typename T, typename C> __device__ __forceinline__ C fold_bin(const C* __restrict__ x, int n,
        const T* __restrict__ h, int start, int len, int M, int m) {
    const int half = n >> 1;
    int off = (m - start) % M;
    if (off < 0) off += M;
    T re = 0, im = 0;
    for (int i = off; i < len; i += M) {
        int k = start + i;
        if (k >= n) k -= n;
        T w = h[i];
        if (k <= half) {
            C a = x[k];
            re += a.x * w;
            im += a.y * w;
        } else {
            C a = x[n - k];
            re += a.x * w;
            im -= a.y * w;
        }
    }
    C r;
    r.x = re;
    r.y = im;
    return r;
}

template <typename T, typename C> __device__ __forceinline__ void multiply_fold(PARAMS_multiply_fold(T, C)) {
    const int M = n / f;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* x = X + (i64) v * xCap;
        C* d = dst + (i64) v * dCap;
        for (int m = blockIdx.x * blockDim.x + threadIdx.x; m < M; m += gridDim.x * blockDim.x) {
            d[m] = fold_bin<T, C>(x, n, h, start, len, M, m);
        }
    }
}

/**
 * 2D product with Fourier subsampling on both axes: dst[a, b] (a < m/f, b < n/f) sums X[k0, k1]
 * h[k0, k1] over the filter's support with k0 = a mod m/f, k1 = b mod n/f; X is a full m x n
 * spectrum. The filter is stored row by row over each row's support, as the CPU backend stores it
 * (CudaFilters.Packed2): filter row r < rows is grid row (row0 + r) mod m, holding len[r] values
 * h[..][(start[r] + c) mod n] from h[off[r]] on; rowTab = start[rows] len[rows] off[rows]. Terms are
 * summed in the CPU backend's order (rows, then columns, ascending).
 */
#define PARAMS_multiply_fold2(T, C) const C* __restrict__ X, i64 xCap, int m, int n, \
    const T* __restrict__ h, const int* __restrict__ rowTab, int row0, int rows, int f, C* __restrict__ dst, \
    i64 dCap, int lanes
#define ARGS_multiply_fold2 X, xCap, m, n, h, rowTab, row0, rows, f, dst, dCap, lanes
/** Element e = a (n/f) + b of the 2D fold (see multiply_fold2) for one lane's spectrum x. */
template <typename T, typename C> __device__ __forceinline__ C fold2_at(const C* __restrict__ x, int m, int n,
        const T* __restrict__ h, const int* __restrict__ rowTab, int row0, int rows, int mf, int nf, i64 e) {
    const int* start = rowTab;
    const int* len = rowTab + rows;
    const int* off = rowTab + 2 * rows;
    const int a = (int) (e / nf), b = (int) (e - (i64) a * nf);
    int ra = (a - row0) % mf;
    if (ra < 0) ra += mf;
    T re = 0, im = 0;
    for (int r = ra; r < rows; r += mf) {
        int k0 = row0 + r;
        if (k0 >= m) k0 -= m;
        const int s0 = start[r], cnt = len[r];
        int cb = (b - s0) % nf;
        if (cb < 0) cb += nf;
        const C* xr = x + (i64) k0 * n;
        const T* hr = h + off[r];
        for (int c = cb; c < cnt; c += nf) {
            int k1 = s0 + c;
            if (k1 >= n) k1 -= n;
            const T w = hr[c];
            const C u = xr[k1];
            re += u.x * w;
            im += u.y * w;
        }
    }
    C o;
    o.x = re;
    o.y = im;
    return o;
}

template <typename T, typename C> __device__ __forceinline__ void multiply_fold2(PARAMS_multiply_fold2(T, C)) {
    const int mf = m / f, nf = n / f;
    const i64 total = (i64) mf * nf;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* x = X + (i64) v * xCap;
        C* d = dst + (i64) v * dCap;
        for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
            d[e] = fold2_at<T, C>(x, m, n, h, rowTab, row0, rows, mf, nf, e);
        }
    }
}

/**
 * The split step of a packed real 2D FFT: z holds the row FFTs (length n) of h = m/2 packed rows
 * (grid rows 2r and 2r+1 as real and imaginary parts of row r); x receives the full row spectra of
 * both grid rows, A = (Z[k] + conj Z[n-k]) / 2 into row 2r and B = (Z[k] - conj Z[n-k]) / (2i) into
 * row 2r+1, every k < n (the column FFTs that follow need them all).
 */
#define PARAMS_unpack_rows(T, C) const C* __restrict__ z, i64 zCap, int h, int n, C* __restrict__ x, i64 xCap, \
    int lanes
#define ARGS_unpack_rows z, zCap, h, n, x, xCap, lanes
template <typename T, typename C> __device__ __forceinline__ void unpack_rows(PARAMS_unpack_rows(T, C)) {
    const i64 total = (i64) h * n;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* zz = z + (i64) v * zCap;
        C* xx = x + (i64) v * xCap;
        for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
            const i64 r = e / n;
            const int k = (int) (e - r * n);
            const C p = zz[e], q = zz[r * n + (k == 0 ? 0 : n - k)];
            C a, b;
            a.x = (T) 0.5 * (p.x + q.x);
            a.y = (T) 0.5 * (p.y - q.y);
            b.x = (T) 0.5 * (p.y + q.y);
            b.y = (T) 0.5 * (q.x - p.x);
            xx[2 * r * n + k] = a;
            xx[(2 * r + 1) * n + k] = b;
        }
    }
}

// ---- pointwise ----------------------------------------------------------------------------------

/**
 * Modulus and real packing of n elements in pairs of runs of `row` elements (1D: row = 1; 2D grids:
 * row = a grid row, pairing rows 2r and 2r+1): element e = r row + t of p is
 * (|y[2 r row + t]|, |y[(2 r + 1) row + t]|), e < n/2. n == 1: p[0] = (|y[0]|, 0).
 */
#define PARAMS_modulus_packed(T, C) const C* __restrict__ y, i64 yCap, int n, int row, C* __restrict__ p, i64 pCap, \
    int lanes
#define ARGS_modulus_packed y, yCap, n, row, p, pCap, lanes
template <typename T, typename C> __device__ __forceinline__ void modulus_packed(PARAMS_modulus_packed(T, C)) {
    const int elems = n > 1 ? n / 2 : 1;
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* yy = y + (i64) v * yCap;
        C* pp = p + (i64) v * pCap;
        for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < elems; e += gridDim.x * blockDim.x) {
            C r;
            if (n == 1) {
                C a = yy[0];
                r.x = sqrt_(a.x * a.x + a.y * a.y);
                r.y = 0;
            } else {
                const int q = e / row, t = e - q * row;
                const int i = 2 * q * row + t;
                C a = yy[i], b = yy[i + row];
                r.x = sqrt_(a.x * a.x + a.y * a.y);
                r.y = sqrt_(b.x * b.x + b.y * b.y);
            }
            pp[e] = r;
        }
    }
}

/**
 * acc.re = |y|^2 (add == 0) or acc.re += |y|^2, n elements; with `root` the result is finished as
 * acc = (sqrt(acc.re), 0): the last order of a 3D harmonic modulus.
 */
#define PARAMS_squared_modulus(T, C) const C* __restrict__ y, i64 yCap, int n, int add, int root, \
    C* __restrict__ acc, i64 aCap, int lanes
#define ARGS_squared_modulus y, yCap, n, add, root, acc, aCap, lanes
template <typename T, typename C> __device__ __forceinline__ void squared_modulus(PARAMS_squared_modulus(T, C)) {
    for (int v = blockIdx.y; v < lanes; v += gridDim.y) {
        const C* yy = y + (i64) v * yCap;
        C* aa = acc + (i64) v * aCap;
        for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < n; e += gridDim.x * blockDim.x) {
            C a = yy[e];
            T s = a.x * a.x + a.y * a.y;
            if (add) s += aa[e].x;
            if (root) {
                C r;
                r.x = sqrt_(s);
                r.y = 0;
                aa[e] = r;
            } else {
                aa[e].x = s;
            }
        }
    }
}

// ---- outputs ------------------------------------------------------------------------------------

/**
 * out[slot + v * rows * cols + a * cols + b] = Re src[(r0 + a) * rowLen + c0 + b] for lanes v < valid:
 * the crop of a low-pass output (1D: rows = 1), or bin 0 of a spectrum (rows = cols = 1).
 */
#define PARAMS_extract_real(T, C) const C* __restrict__ src, i64 cap, int rowLen, int r0, int rows, int c0, \
    int cols, double* __restrict__ out, i64 slot, int valid
#define ARGS_extract_real src, cap, rowLen, r0, rows, c0, cols, out, slot, valid
template <typename T, typename C> __device__ __forceinline__ void extract_real(PARAMS_extract_real(T, C)) {
    const int per = rows * cols;
    for (int v = blockIdx.y; v < valid; v += gridDim.y) {
        const C* s = src + (i64) v * cap;
        for (int e = blockIdx.x * blockDim.x + threadIdx.x; e < per; e += gridDim.x * blockDim.x) {
            const int a = e / cols, b = e - a * cols;
            out[slot + (i64) v * per + e] = (double) s[(i64) (r0 + a) * rowLen + c0 + b].x;
        }
    }
}

/**
 * Adds sum_e U^q, U = Re u[e] (>= 0) over n elements, for the powers q = powers[p0 .. p0+np) (np <=
 * INTEGRALS_MAX_POWERS) to out[slot + v * stride + p0 + q] (zeroed beforehand) for lanes v < valid.
 * Sums are in double whatever the precision; one block reduction and one atomic add per block and
 * power.
 */
#define INTEGRALS_MAX_POWERS 8
#define PARAMS_integrals(T, C) const C* __restrict__ u, i64 cap, int n, const double* __restrict__ powers, int p0, \
    int np, double* __restrict__ out, i64 slot, int stride, int valid
#define ARGS_integrals u, cap, n, powers, p0, np, out, slot, stride, valid
template <typename T, typename C> __device__ __forceinline__ void integrals(PARAMS_integrals(T, C)) {
    __shared__ double part[256];
    const int tid = threadIdx.x, nt = blockDim.x;
    for (int v = blockIdx.y; v < valid; v += gridDim.y) {
        const C* a = u + (i64) v * cap;
        double sum[INTEGRALS_MAX_POWERS];
        for (int q = 0; q < INTEGRALS_MAX_POWERS; q++) sum[q] = 0;
        for (int e = blockIdx.x * nt + tid; e < n; e += gridDim.x * nt) {
            const double du = (double) a[e].x;
            for (int q = 0; q < np && q < INTEGRALS_MAX_POWERS; q++) {
                const double pw = powers[p0 + q];
                sum[q] += pw == 1 ? du : pw == 2 ? du * du : pw == 0.5 ? sqrt(du) : pow(du, pw);
            }
        }
        for (int q = 0; q < np && q < INTEGRALS_MAX_POWERS; q++) {
            part[tid] = sum[q];
            __syncthreads();
            for (int w = nt >> 1; w > 0; w >>= 1) {
                if (tid < w) part[tid] += part[tid + w];
                __syncthreads();
            }
            if (tid == 0) atomicAdd(out + slot + (i64) v * stride + p0 + q, part[0]);
            __syncthreads();
        }
    }
}

// ---- 3D solid harmonics -----------------------------------------------------------------------------

/**
 * Normalised associated Legendre function without its (1-x^2)^(m/2) factor (SolidHarmonicBank3D's
 * recurrence): seed pmm, then the stable recurrence in l.
 */
__device__ __forceinline__ double legendre(int l, int m, double x, double pmm) {
    double pm2 = pmm;
    if (l == m) return pm2;
    double pm1 = x * sqrt(2 * m + 3.0) * pm2;
    for (int k = m + 2; k <= l; k++) {
        double a = sqrt((4.0 * k * k - 1) / ((double) k * k - (double) m * m));
        double b = sqrt(((k - 1.0) * (k - 1.0) - (double) m * m) / (4.0 * (k - 1.0) * (k - 1.0) - 1));
        double p = a * (x * pm1 - b * pm2);
        pm2 = pm1;
        pm1 = p;
    }
    return pm1;
}

/**
 * dst = X . (scale psi_{j,l,mm}) over the whole m x n x o grid, the solid harmonic wavelet evaluated
 * on the fly in double (SolidHarmonicBank3D.row) from the tables in `tab` (CudaHarmonicFilter
 * writes them): wz[m] wy[n] wx[o], gz[(J+1) m] gy[(J+1) n] gx[(J+1) o], norm[(J+1) (L+1)], pmm[L+1].
 * One thread per voxel for all lanes, so each filter value is computed once.
 */
#define PARAMS_multiply_harmonic(T, C) const C* __restrict__ X, i64 xCap, const double* __restrict__ tab, \
    int m, int n, int o, int J, int L, int j, int l, int mm, double scale, C* __restrict__ dst, i64 dCap, int lanes
#define ARGS_multiply_harmonic X, xCap, tab, m, n, o, J, L, j, l, mm, scale, dst, dCap, lanes
template <typename T, typename C> __device__ __forceinline__ void multiply_harmonic(PARAMS_multiply_harmonic(T, C)) {
    const double* wz = tab;
    const double* wy = wz + m;
    const double* wx = wy + n;
    const double* gz = wx + o;
    const double* gy = gz + (i64) (J + 1) * m;
    const double* gx = gy + (i64) (J + 1) * n;
    const double* norm = gx + (i64) (J + 1) * o;
    const double* pmm = norm + (i64) (J + 1) * (L + 1);
    const i64 total = (i64) m * n * o;
    // (-i)^l
    const double pr = (l & 1) == 0 ? ((l & 2) == 0 ? 1 : -1) : 0;
    const double pi = (l & 1) == 1 ? ((l & 2) == 0 ? -1 : 1) : 0;
    const int am = mm < 0 ? -mm : mm;
    for (i64 e = (i64) blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (i64) gridDim.x * blockDim.x) {
        const int k0 = (int) (e / ((i64) n * o));
        const int k1 = (int) ((e / o) % n);
        const int k2 = (int) (e % o);
        const double z = wz[k0], y = wy[k1], x = wx[k2];
        const double gzy = gz[(i64) j * m + k0] * gy[(i64) j * n + k1] * norm[(i64) j * (L + 1) + l];
        double hr, hi;
        const double r2 = x * x + y * y + z * z;
        if (l == 0) {
            hr = pmm[0];
            hi = 0;
        } else if (r2 == 0) {
            hr = 0;
            hi = 0;
        } else {
            const double r = sqrt(r2);
            const double p = legendre(l, am, -z / r, pmm[am]) * pow(r, (double) (l - am));
            double er = 1, ei = 0;
            for (int t = 0; t < am; t++) {
                double nr = er * x - ei * y;
                ei = er * y + ei * x;
                er = nr;
            }
            hr = p * er;
            hi = p * ei;
            if (mm < 0) {
                const double s = (am & 1) == 0 ? 1 : -1;
                hr = s * hr;
                hi = -s * hi;
            }
        }
        const double a = gzy * gx[(i64) j * o + k2];
        const double fr = a * (pr * hr - pi * hi), fi = a * (pr * hi + pi * hr);
        const T qr = (T) (scale * fr), qi = (T) (scale * fi);
        for (int v = 0; v < lanes; v++) {
            C u = X[(i64) v * xCap + e];
            C r;
            r.x = u.x * qr - u.y * qi;
            r.y = u.x * qi + u.y * qr;
            dst[(i64) v * dCap + e] = r;
        }
    }
}

// ---- fused small paths: one block per lane, everything in shared memory -------------------------
//
// For paths whose length fits one block's shared memory (two buffers of n elements), the chain of
// separate launches (fold, inverse FFT passes, modulus, forward FFT passes, real-FFT post; or fold,
// inverse FFT, crop) becomes one launch: the intermediate signal never leaves shared memory, and the
// host issues one launch instead of five to eight (launch overhead dominated such paths).

/**
 * Stockham FFTs of length n (4, 2, odd radices as above) of `lines` lines in shared memory, element
 * k of line t at t * ls + k * es, ping-ponging between a and b; returns the buffer holding the
 * result. Twiddles W_n^k = tw[k * step] (a table of a multiple of n). All threads of the block call it.
 */
template <typename C> __device__ C* smem_fft_lines(C* a, C* b, int n, int lines, int es, int ls,
        const C* __restrict__ tw, int step, int sign) {
    const int tid = threadIdx.x, nt = blockDim.x;
    C* cur = a;
    C* nxt = b;
    int sl = 1, rem = n;
    while (rem > 1) {
        const int p = next_radix(rem);
        const int mp = rem / p;
        const int items = lines * sl * mp;
        for (int it = tid; it < items; it += nt) {
            const int t = it % lines, rest = it / lines;
            const int ql = rest % sl, jl = rest / sl;
            const i64 tstep = (i64) jl * sl * step;
            const int ib = t * ls + (ql + sl * jl) * es, istride = sl * mp * es;
            const int ob = t * ls + (ql + sl * p * jl) * es, ostride = sl * es;
            if (p == 4) {
                C x0 = cur[ib], x1 = cur[ib + istride], x2 = cur[ib + 2 * istride], x3 = cur[ib + 3 * istride];
                C apc = cadd(x0, x2), amc = csub(x0, x2), bpd = cadd(x1, x3), bmd = cmuli(csub(x1, x3), sign);
                nxt[ob] = cadd(apc, bpd);
                nxt[ob + ostride] = cmul(cadd(amc, bmd), twiddle(tw, tstep, sign));
                nxt[ob + 2 * ostride] = cmul(csub(apc, bpd), twiddle(tw, 2 * tstep, sign));
                nxt[ob + 3 * ostride] = cmul(csub(amc, bmd), twiddle(tw, 3 * tstep, sign));
            } else if (p == 2) {
                C x0 = cur[ib], x1 = cur[ib + istride];
                nxt[ob] = cadd(x0, x1);
                nxt[ob + ostride] = cmul(csub(x0, x1), twiddle(tw, tstep, sign));
            } else {
                const i64 rootStep = (i64) (n / p) * step;
                for (int r = 0; r < p; r++) {
                    C acc = cur[ib];
                    for (int q = 1; q < p; q++) {
                        acc = cadd(acc, cmul(cur[ib + q * istride], twiddle(tw, (i64) ((q * r) % p) * rootStep, sign)));
                    }
                    nxt[ob + r * ostride] = r == 0 ? acc : cmul(acc, twiddle(tw, r * tstep, sign));
                }
            }
        }
        __syncthreads();
        C* tmp = cur; cur = nxt; nxt = tmp;
        sl *= p;
        rem = mp;
    }
    return cur;
}

/** One line of smem_fft_lines. */
template <typename C> __device__ __forceinline__ C* smem_fft(C* a, C* b, int n, const C* __restrict__ tw, int step,
        int sign) {
    return smem_fft_lines(a, b, n, 1, 1, n, tw, step, sign);
}

/** Thread-parallel fold of one lane into shared memory: y[d] for d < M (see multiply_fold). */
template <typename T, typename C> __device__ __forceinline__ void smem_fold(const C* __restrict__ x, int n,
        const T* __restrict__ h, int start, int len, int M, C* y) {
    for (int m = threadIdx.x; m < M; m += blockDim.x) {
        y[m] = fold_bin<T, C>(x, n, h, start, len, M, m);
    }
    __syncthreads();
}

/**
 * One path step of the 1D cores, fused: y = fold_f(X h) (m = n / f), U = |IDFT_m(y)|, spectrum of U
 * (bins 0..m/2) into spec. tw: table of length m. m >= 4, two buffers of m elements in shared memory.
 */
#define PARAMS_path_small(T, C) const C* __restrict__ X, i64 xCap, int n, const T* __restrict__ h, int start, \
    int len, int f, const C* __restrict__ tw, C* __restrict__ spec, i64 sCap, int lanes
#define ARGS_path_small X, xCap, n, h, start, len, f, tw, spec, sCap, lanes
template <typename T, typename C> __device__ __forceinline__ void path_small(PARAMS_path_small(T, C)) {
    SHARED_DYN(C, smem);
    const int m = n / f, hm = m / 2;
    C* a = smem;
    C* b = smem + m;
    for (int v = blockIdx.y * gridDim.x + blockIdx.x; v < lanes; v += gridDim.x * gridDim.y) {
        smem_fold<T, C>(X + (i64) v * xCap, n, h, start, len, m, a);
        C* y = smem_fft(a, b, m, tw, 1, +1);
        C* p = y == a ? b : a;
        for (int e = threadIdx.x; e < hm; e += blockDim.x) {
            C u = y[2 * e], w = y[2 * e + 1];
            C r;
            r.x = sqrt_(u.x * u.x + u.y * u.y);
            r.y = sqrt_(w.x * w.x + w.y * w.y);
            p[e] = r;
        }
        __syncthreads();
        C* z = smem_fft(p, y, hm, tw, 2, -1);       // W_(m/2)^k = W_m^(2k)
        C* out = spec + (i64) v * sCap;
        for (int k = threadIdx.x; k <= hm; k += blockDim.x) {
            C c1 = z[k == hm ? 0 : k];
            C c2 = z[k == 0 ? 0 : hm - k];
            c2.y = -c2.y;
            T er = (T) 0.5 * (c1.x + c2.x), ei = (T) 0.5 * (c1.y + c2.y);
            T orr = (T) 0.5 * (c1.x - c2.x), oi = (T) 0.5 * (c1.y - c2.y);
            T tr = oi, ti = -orr;
            C wk = tw[k];
            C r;
            r.x = er + wk.x * tr - wk.y * ti;
            r.y = ei + wk.x * ti + wk.y * tr;
            out[k] = r;
        }
        __syncthreads();
    }
}

/**
 * The 1D low-pass output, fused: fold_f(X h) (M = n / f), unscaled inverse FFT of length M, then
 * out[slot + v * count + t] = Re of position start + t, for lanes v < valid. tw: table of length M.
 */
#define PARAMS_lowpass_small(T, C) const C* __restrict__ X, i64 xCap, int n, const T* __restrict__ h, int start, \
    int len, int f, const C* __restrict__ tw, int first, int count, double* __restrict__ out, i64 slot, int valid
#define ARGS_lowpass_small X, xCap, n, h, start, len, f, tw, first, count, out, slot, valid
template <typename T, typename C> __device__ __forceinline__ void lowpass_small(PARAMS_lowpass_small(T, C)) {
    SHARED_DYN(C, smem);
    const int M = n / f;
    C* a = smem;
    C* b = smem + M;
    for (int v = blockIdx.y * gridDim.x + blockIdx.x; v < valid; v += gridDim.x * gridDim.y) {
        smem_fold<T, C>(X + (i64) v * xCap, n, h, start, len, M, a);
        C* y = smem_fft(a, b, M, tw, 1, +1);
        for (int t = threadIdx.x; t < count; t += blockDim.x) out[slot + (i64) v * count + t] = (double) y[first + t].x;
        __syncthreads();
    }
}

/**
 * The 2D low-pass output, fused: fold_f(X h) (see multiply_fold2) into shared memory, unscaled
 * inverse FFTs of its rows (twRow: table of n/f) and columns (twCol: table of m/f), then the crop of
 * `crop` rows and columns on every side to out[slot + v * per + a * width + b] for lanes v < valid.
 */
#define PARAMS_lowpass2_small(T, C) const C* __restrict__ X, i64 xCap, int m, int n, const T* __restrict__ h, \
    const int* __restrict__ rowTab, int row0, int rows, int f, const C* __restrict__ twRow, \
    const C* __restrict__ twCol, int crop, double* __restrict__ out, i64 slot, int valid
#define ARGS_lowpass2_small X, xCap, m, n, h, rowTab, row0, rows, f, twRow, twCol, crop, out, slot, valid
template <typename T, typename C> __device__ __forceinline__ void lowpass2_small(PARAMS_lowpass2_small(T, C)) {
    SHARED_DYN(C, smem);
    const int mf = m / f, nf = n / f, size = mf * nf;
    const int width = nf - 2 * crop, per = (mf - 2 * crop) * width;
    C* a = smem;
    C* b = smem + size;
    for (int v = blockIdx.y * gridDim.x + blockIdx.x; v < valid; v += gridDim.x * gridDim.y) {
        const C* x = X + (i64) v * xCap;
        for (int e = threadIdx.x; e < size; e += blockDim.x) a[e] = fold2_at<T, C>(x, m, n, h, rowTab, row0, rows, mf, nf, e);
        __syncthreads();
        C* y = smem_fft_lines(a, b, nf, mf, 1, nf, twRow, 1, +1);
        C* z = smem_fft_lines(y, y == a ? b : a, mf, nf, nf, 1, twCol, 1, +1);
        for (int e = threadIdx.x; e < per; e += blockDim.x) {
            const int r = e / width, c = e - r * width;
            out[slot + (i64) v * per + e] = (double) z[(r + crop) * nf + crop + c].x;
        }
        __syncthreads();
    }
}

/**
 * One 2D wavelet-modulus step, fused: fold_f(X h) into shared memory, unscaled inverse FFTs of rows
 * and columns, modulus, forward FFTs of rows and columns of the real result (as complex values: in
 * shared memory the packed real FFT's saving is not worth its split step), the full (m/f) x (n/f)
 * spectrum to spec. twRow, twCol: tables of n/f and m/f.
 */
#define PARAMS_wavelet2_small(T, C) const C* __restrict__ X, i64 xCap, int m, int n, const T* __restrict__ h, \
    const int* __restrict__ rowTab, int row0, int rows, int f, const C* __restrict__ twRow, \
    const C* __restrict__ twCol, C* __restrict__ spec, i64 sCap, int lanes
#define ARGS_wavelet2_small X, xCap, m, n, h, rowTab, row0, rows, f, twRow, twCol, spec, sCap, lanes
template <typename T, typename C> __device__ __forceinline__ void wavelet2_small(PARAMS_wavelet2_small(T, C)) {
    SHARED_DYN(C, smem);
    const int mf = m / f, nf = n / f, size = mf * nf;
    C* a = smem;
    C* b = smem + size;
    for (int v = blockIdx.y * gridDim.x + blockIdx.x; v < lanes; v += gridDim.x * gridDim.y) {
        const C* x = X + (i64) v * xCap;
        for (int e = threadIdx.x; e < size; e += blockDim.x) a[e] = fold2_at<T, C>(x, m, n, h, rowTab, row0, rows, mf, nf, e);
        __syncthreads();
        C* y = smem_fft_lines(a, b, nf, mf, 1, nf, twRow, 1, +1);
        y = smem_fft_lines(y, y == a ? b : a, mf, nf, nf, 1, twCol, 1, +1);
        for (int e = threadIdx.x; e < size; e += blockDim.x) {
            C u = y[e];
            u.x = sqrt_(u.x * u.x + u.y * u.y);
            u.y = 0;
            y[e] = u;
        }
        __syncthreads();
        y = smem_fft_lines(y, y == a ? b : a, nf, mf, 1, nf, twRow, 1, -1);
        y = smem_fft_lines(y, y == a ? b : a, mf, nf, nf, 1, twCol, 1, -1);
        C* out = spec + (i64) v * sCap;
        for (int e = threadIdx.x; e < size; e += blockDim.x) out[e] = y[e];
        __syncthreads();
    }
}

// ---- exported entry points ----------------------------------------------------------------------

#define EXPORT(name) \
    extern "C" __global__ void name##_f32(PARAMS_##name(float, float2)) { name<float, float2>(ARGS_##name); } \
    extern "C" __global__ void name##_f64(PARAMS_##name(double, double2)) { name<double, double2>(ARGS_##name); }

EXPORT(gather)
EXPORT(fft_pass)
EXPORT(fft_stage)
EXPORT(copy)
EXPORT(rfft_post)
EXPORT(multiply_fold)
EXPORT(multiply_fold2)
EXPORT(unpack_rows)
EXPORT(modulus_packed)
EXPORT(squared_modulus)
EXPORT(extract_real)
EXPORT(integrals)
EXPORT(multiply_harmonic)
EXPORT(path_small)
EXPORT(lowpass_small)
EXPORT(lowpass2_small)
EXPORT(wavelet2_small)

/** Every exported kernel (without its _f32/_f64 suffix), for the CPU emulation's registry. */
#define SCATTER_KERNELS(X) X(gather) X(fft_pass) X(fft_stage) X(copy) X(rfft_post) X(multiply_fold) \
    X(multiply_fold2) X(unpack_rows) X(modulus_packed) X(squared_modulus) X(extract_real) X(integrals) \
    X(multiply_harmonic) X(path_small) X(lowpass_small) X(lowpass2_small) \
    X(wavelet2_small)
