// JNI side of the CPU emulation (EmuGpu.java): "device" memory is host memory, launches run the
// kernels of scatter.cu through cuda_emu.h. Built by the tests with g++ (EmuLibrary.java).
#define SCATTER_EMU 1
#include "cuda_emu.h"
#include "../../main/cuda/scatter.cu"

#include <jni.h>
#include <map>
#include <string>
#include <utility>

namespace emu {
dim3 threadIdx, blockIdx, blockDim, gridDim;
unsigned char* dynSmem = nullptr;

namespace {
const size_t STACK = 128 * 1024;
const size_t SMEM = 256 * 1024;

// ---- fibers: a minimal x86-64 context switch (glibc's swapcontext makes a system call per switch,
// which dominated the emulation's time); ucontext under AddressSanitizer, which knows it -----------
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
extern "C" void emu_switch(void** saveSp, void* loadSp);
asm(R"(
.text
.globl emu_switch
.type emu_switch,@function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
.size emu_switch, .-emu_switch
)");

struct Context {
    void* sp = nullptr;
};

void entry();

/** Prepares a stack whose first switch-in "returns" into entry(). */
void prepare(Context& c, unsigned char* stack, size_t size) {
    uintptr_t top = ((uintptr_t) (stack + size)) & ~(uintptr_t) 15;
    void** sp = (void**) top;
    *--sp = nullptr;                   // keeps the return slot 16-byte aligned like a call
    *--sp = (void*) &entry;            // ret target
    for (int i = 0; i < 6; i++) *--sp = nullptr;   // rbp rbx r12 r13 r14 r15
    sp--;                              // mxcsr + x87 control word: the current ones
    unsigned mx;
    unsigned short cw;
    asm volatile("stmxcsr %0" : "=m"(mx));
    asm volatile("fnstcw %0" : "=m"(cw));
    memcpy(sp, &mx, 4);
    memcpy((char*) sp + 4, &cw, 2);
    c.sp = sp;
}

inline void swap(Context& save, Context& load) { emu_switch(&save.sp, load.sp); }
#else
struct Context {
    ucontext_t uc;
};

void entry();

void prepare(Context& c, unsigned char* stack, size_t size) {
    getcontext(&c.uc);
    c.uc.uc_stack.ss_sp = stack;
    c.uc.uc_stack.ss_size = size;
    c.uc.uc_link = nullptr;
    makecontext(&c.uc, entry, 0);
}

inline void swap(Context& save, Context& load) { swapcontext(&save.uc, &load.uc); }
#endif

struct Fiber {
    Context ctx;
    std::vector<unsigned char> stack;
    bool done = false;
    bool started = false;
};

Context scheduler;
std::vector<Fiber> fibers;
std::function<void()> body;      // the kernel call for the current block
int current = -1;                // fiber running now, -1: plain call
bool sawBarrier = false;

void entry() {
    body();
    fibers[current].done = true;
    swap(fibers[current].ctx, scheduler);
    __builtin_trap();            // a finished fiber is never resumed
}

void setThread(unsigned t) {
    threadIdx.x = t % blockDim.x;
    threadIdx.y = (t / blockDim.x) % blockDim.y;
    threadIdx.z = t / (blockDim.x * blockDim.y);
}

void resume(int f) {
    current = f;
    setThread((unsigned) f);
    Fiber& fb = fibers[f];
    if (!fb.started) {
        fb.started = true;
        prepare(fb.ctx, fb.stack.data(), fb.stack.size());
    }
    swap(scheduler, fb.ctx);
    current = -1;
}

void runBlock(unsigned threads) {
    if (fibers.size() < threads) fibers.resize(threads);
    for (unsigned t = 0; t < threads; t++) {
        fibers[t].done = false;
        fibers[t].started = false;
        if (fibers[t].stack.size() < STACK) fibers[t].stack.resize(STACK);
    }
    sawBarrier = false;
    resume(0);
    if (fibers[0].done && !sawBarrier) {
        // no barrier in this kernel: the other threads run as plain calls
        for (unsigned t = 1; t < threads; t++) {
            setThread(t);
            body();
        }
        return;
    }
    // thread 0 waits at the first barrier: the others catch up, then rounds go on from thread 0
    bool live = true;
    for (unsigned first = 1; live; first = 0) {
        live = !fibers[0].done;
        for (unsigned t = first; t < threads; t++) {
            if (fibers[t].done) continue;
            resume((int) t);
            if (!fibers[t].done) live = true;
        }
    }
}
}  // namespace

void syncthreads() {
    if (current < 0) return;     // a plain call can only happen in barrier-free kernels
    sawBarrier = true;
    swap(fibers[current].ctx, scheduler);
}

void launch(const std::function<void()>& kernel, dim3 grid, dim3 block) {
    static std::vector<unsigned char> smem(SMEM + 16);
    dynSmem = smem.data() + ((16 - ((uintptr_t) smem.data() & 15)) & 15);
    memset(dynSmem, 0xff, SMEM);     // garbage, like real shared memory: NaN for floats
    body = kernel;
    gridDim = grid;
    blockDim = block;
    unsigned threads = block.x * block.y * block.z;
    for (unsigned bz = 0; bz < grid.z; bz++) {
        for (unsigned by = 0; by < grid.y; by++) {
            for (unsigned bx = 0; bx < grid.x; bx++) {
                blockIdx.x = bx;
                blockIdx.y = by;
                blockIdx.z = bz;
                runBlock(threads);
            }
        }
    }
}
}  // namespace emu

// ---- kernel registry: cuLaunchKernel's convention, params[i] points at argument i -------------------

namespace {
typedef std::function<void(void**)> Invoker;

template <typename... A, size_t... I>
void invoke(void (*f)(A...), void** p, std::index_sequence<I...>) {
    f(*reinterpret_cast<A*>(p[I])...);
}

template <typename... A>
std::pair<Invoker, int> invoker(void (*f)(A...)) {
    return {[f](void** p) { invoke(f, p, std::index_sequence_for<A...>{}); }, (int) sizeof...(A)};
}

std::map<std::string, std::pair<Invoker, int>>& registry() {
    static std::map<std::string, std::pair<Invoker, int>> r;
    if (r.empty()) {
#define REGISTER(name) r[#name "_f32"] = invoker(name##_f32); r[#name "_f64"] = invoker(name##_f64);
        SCATTER_KERNELS(REGISTER)
#undef REGISTER
    }
    return r;
}
}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nAlloc(JNIEnv*, jclass, jlong bytes) {
    void* p = malloc((size_t) bytes);      // exact size, so AddressSanitizer sees any overrun
    if (p) memset(p, 0xff, (size_t) bytes);      // like cuMemAlloc: contents undefined (NaN here)
    return (jlong) (uintptr_t) p;
}

JNIEXPORT void JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nFree(JNIEnv*, jclass, jlong addr) {
    free((void*) (uintptr_t) addr);
}

JNIEXPORT jlong JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nAddress(JNIEnv* env, jclass, jobject buf) {
    return (jlong) (uintptr_t) env->GetDirectBufferAddress(buf);
}

JNIEXPORT void JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nCopy(JNIEnv*, jclass, jlong dst, jlong src,
                                                                             jlong bytes) {
    memcpy((void*) (uintptr_t) dst, (const void*) (uintptr_t) src, (size_t) bytes);
}

JNIEXPORT void JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nMemset(JNIEnv*, jclass, jlong dst, jint value,
                                                                               jlong bytes) {
    memset((void*) (uintptr_t) dst, value, (size_t) bytes);
}

/** Returns null, or a one-line error (unknown kernel, wrong argument count). */
JNIEXPORT jstring JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nLaunch(
        JNIEnv* env, jclass, jstring jname, jint gx, jint gy, jint gz, jint bx, jint by, jint bz, jint smem,
        jlongArray jargs) {
    const char* cname = env->GetStringUTFChars(jname, nullptr);
    std::string name(cname);
    env->ReleaseStringUTFChars(jname, cname);
    auto it = registry().find(name);
    if (it == registry().end()) return env->NewStringUTF(("no kernel named " + name).c_str());
    jsize n = env->GetArrayLength(jargs);
    if (n != it->second.second) {
        return env->NewStringUTF((name + " takes " + std::to_string(it->second.second) + " arguments, got "
                                  + std::to_string(n)).c_str());
    }
    if (smem > 256 * 1024) return env->NewStringUTF("dynamic shared memory over the emulator's 256 KiB");
    std::vector<jlong> slots(n);
    env->GetLongArrayRegion(jargs, 0, n, slots.data());
    std::vector<void*> params(n);
    for (jsize i = 0; i < n; i++) params[i] = &slots[i];   // little-endian: an int is the slot's low half
    dim3 grid, block;
    grid.x = gx; grid.y = gy; grid.z = gz;
    block.x = bx; block.y = by; block.z = bz;
    Invoker call = it->second.first;
    void** p = params.data();
    emu::launch([&call, p]() { call(p); }, grid, block);
    return nullptr;
}

/** Names of all kernels, comma-separated (for the test that checks the Java side knows them all). */
JNIEXPORT jstring JNICALL Java_org_scatterstream_engine_backend_cuda_EmuGpu_nKernels(JNIEnv* env, jclass) {
    std::string s;
    for (auto& e : registry()) {
        if (!s.empty()) s += ",";
        s += e.first;
    }
    return env->NewStringUTF(s.c_str());
}
}
