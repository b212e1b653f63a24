"""What the self-contained GPU package carries and what it leaves to the
system, with the reason for each decision. bundle.py applies these rules to
what the programs actually load; nothing here lists a library that the
closure would not reach by itself.

The rule: everything the programs load travels with them, except the
libraries below (BASE), which every current desktop distribution has and
which must be the system's own (the C library, the GPU driver's OpenGL
dispatch, the X server's client libraries, the user's fonts and keymaps,
security updates of OpenSSL).
"""
import re

# soname pattern -> why it is the system's (not bundled). Each becomes a
# package dependency (Debian package names from dpkg -S on the build
# machine; RPM soname requirements).
BASE = [
    (r"(libc|libm|libdl|libpthread|librt|libresolv|libutil)\.so\.\d+|ld-linux-x86-64\.so\.2",
     "glibc: the system's C library is the one the kernel ABI and every other library use; "
     "a bundled one cannot be loaded beside it"),
    (r"libstdc\+\+\.so\.6|libgcc_s\.so\.1",
     "the C++ runtime: the system's is always at least as new as the one we were built with "
     "(GCC 12) on the supported distributions, and a bundled older one would break system "
     "libraries loaded into the same process (Mesa's OpenGL drivers are C++)"),
    (r"lib(GL|EGL|OpenGL|GLX|GLdispatch)\.so\.\d+",
     "OpenGL/EGL (libglvnd): dispatches to the installed GPU driver's implementation, so it "
     "must be the system's"),
    (r"libX11\.so\.6|libX11-xcb\.so\.1|libxcb(-(glx|randr|render|shape|shm|sync|xfixes|xkb|xinput|"
     r"xinerama|present|dri2|dri3))?\.so\.\d+|libXau\.so\.6|libXdmcp\.so\.6|libXext\.so\.6|libXrender\.so\.1|"
     r"libICE\.so\.6|libSM\.so\.6",
     "the X11 client libraries: they speak the protocol of the user's X server (or XWayland); "
     "part of every graphical installation"),
    (r"libxkbcommon(-x11)?\.so\.0",
     "keyboard layouts: reads the system's XKB data (/usr/share/X11/xkb), which must match it"),
    (r"libfontconfig\.so\.1|libfreetype\.so\.6",
     "fonts: fontconfig reads the system's font configuration, whose format follows the "
     "system's fontconfig version; freetype comes with it"),
    (r"lib(glib|gthread|gobject|gmodule|gio)-2\.0\.so\.0",
     "GLib: Qt's event loop integrates with the desktop's; input methods and portals load the "
     "system's GLib into the process anyway"),
    (r"libgssapi_krb5\.so\.2|libkrb5\.so\.3|libk5crypto\.so\.3|libkrb5support\.so\.0|libcom_err\.so\.2",
     "Kerberos/GSSAPI (Qt's HTTP authentication): reads the system's Kerberos configuration; "
     "on every distribution"),
    (r"libproxy\.so\.1",
     "the desktop's proxy settings for model downloads: its configuration modules are the system's"),
    (r"libdbus-1\.so\.3",
     "D-Bus: talks to the system's bus daemon; present on every desktop"),
    (r"libz\.so\.1",
     "zlib: on every Linux system (the package manager itself needs it)"),
    (r"libssl\.so\.3|libcrypto\.so\.3",
     "OpenSSL 3: model downloads over HTTPS and SHA-256 of model files; the system's gets the "
     "security updates and knows the system's CA store (every supported distribution has 3.x)"),
]

# The NVIDIA driver's own libraries: installed with the kernel module and
# matched to it, so never bundled; nor a package dependency, since without
# them the studio runs on the CPU (core/nn/gpu_probe.h says why in one line).
DRIVER = {
    "libcuda.so.1": "the CUDA driver API (torch's NVRTC bridge links it; the GPU probe opens it)",
    "libnvidia-ml.so.1": "NVML, which the GPU probe asks for free memory and the driver's version",
}

# The PyPI wheels (torch and nvidia-*) travel in their own layout
# (lib/torch/lib, lib/nvidia/<name>/lib), so their RUNPATHs ($ORIGIN/../../nvidia/...)
# keep working unmodified and no vendor binary is patched. Files left out:
# pattern on the path relative to site-packages -> why.
WHEEL_LEFT_OUT = [
    (r"torch/lib/libtorch_python\.so", "Python bindings: no Python in the studio"),
    (r"torch/lib/libshm\.so", "Python multiprocessing's shared-memory manager"),
    (r"torch/lib/libtorch_global_deps\.so", "loaded by torch's Python __init__ only"),
    (r"torch/lib/libtorch_cuda_linalg\.so",
     "CUDA linear algebra (torch.linalg: solve, svd, eig ...), opened lazily on the first such call; "
     "Stable Diffusion and CLIP make none"),
    (r"nvidia/cusolver/.*", "cuSOLVER: needed only by libtorch_cuda_linalg.so (left out)"),
    (r"nvidia/cublas/lib/libnvblas\.so.*", "NVBLAS, a drop-in CPU BLAS replacement; torch does not load it"),
    (r"nvidia/cuda_nvrtc/lib/libnvrtc(-builtins)?\.alt\.so.*",
     "NVRTC's alternative build; torch and cuDNN open libnvrtc.so.12"),
    (r"nvidia/cuda_cupti/lib/lib(nvperf_host|nvperf_target|pcsamplingutil|checkpoint)\.so.*",
     "CUPTI's profiling extras (PC sampling, perf counters, checkpoints); only the Kineto profiler uses them"),
    (r"nvidia/cufile/lib/libcufile_rdma\.so.*", "GPUDirect Storage over RDMA"),
    (r"nvidia/nvtx/.*", "NVTX markers: header-only for torch, its interop library is not loaded"),
    (r"nvidia/nvjitlink/.*", "nvJitLink: needed only by cuSPARSE (replaced by a stand-in, below)"),
    (r"nvidia/nvshmem/lib/nvshmem_.*\.so.*", "NVSHMEM's transports and bootstraps (NVSHMEM is replaced)"),
    (r"nvidia/nvshmem/lib/libnvshmem_device\.bc", "NVSHMEM's device bitcode for user kernels (NVSHMEM is replaced)"),
    (r"nvidia/cufft/lib/libcufftw\.so.*", "cuFFT's FFTW-compatible interface; torch links cuFFT itself (replaced)"),
    (r".*/(__init__\.py|__pycache__)(/.*)?|.*/include/.*|.*\.a$|.*\.h$|.*\.pyi?$",
     "Python package files, headers and static libraries"),
]

# NVIDIA libraries that LibTorch links (so every start opens them) but that
# Stable Diffusion, the VAE, the text encoder and CLIP never call: each is
# replaced by a stand-in of a few KB with the same SONAME and symbols, whose
# every function writes one line naming itself to stderr and returns an
# error code, so a call that should not happen fails loudly instead of
# crashing. soname -> (what it is, why no SD inference calls it).
STAND_INS = {
    "libnccl.so.2": ("NCCL, multi-GPU collectives", "torch.distributed only; the studio runs on one GPU"),
    "libcusparseLt.so.0": ("cuSPARSELt, 2:4 structured-sparse GEMMs", "only for semi-structured sparse tensors"),
    "libcusparse.so.12": ("cuSPARSE, sparse matrix kernels", "only for sparse tensors (torch.sparse)"),
    "libcufft.so.11": ("cuFFT", "only for torch.fft; no SD 1.x component takes an FFT"),
    "libcurand.so.10": ("cuRAND's host API",
                        "LibTorch imports none of its functions (its CUDA random numbers are its own "
                        "Philox kernels), and the studio draws noise on the CPU anyway"),
    "libnvshmem_host.so.3": ("NVSHMEM, GPU-initiated communication", "symmetric memory for torch.distributed only"),
}

# Qt plugins the programs load (lib/qt6/plugins/<kind>/...): kind -> names,
# or None for every plugin of that kind that Debian's Qt installs.
QT_PLUGINS = {
    "platforms": ["libqxcb.so", "libqoffscreen.so", "libqminimal.so"],
    "xcbglintegrations": None,
    "imageformats": None,
    "platforminputcontexts": None,
    "tls": None,
    "networkinformation": None,
}

# What each bundled NVIDIA/torch library is for (the manifest's words).
PURPOSE = {
    "libtorch.so": "LibTorch's entry library (links the CPU and CUDA parts)",
    "libtorch_cpu.so": "every operator on the CPU, the autograd-free inference the studio runs",
    "libtorch_cuda.so": "every operator on CUDA: convolutions, GEMMs, attention, the caching allocator",
    "libc10.so": "torch's core types (tensors, devices, dtypes)",
    "libc10_cuda.so": "CUDA streams, devices and the caching allocator",
    "libtorch_nvshmem.so": "torch's symmetric-memory layer (links NVSHMEM, replaced by a stand-in)",
    "libcaffe2_nvrtc.so": "torch's bridge to NVRTC for kernels it compiles at run time",
    "libgomp.so.1": "OpenMP, the CPU path's threads (the one torch was built with)",
    "libcudart.so.12": "the CUDA runtime",
    "libcublas.so.12": "cuBLAS: the attention matmuls (bmm/baddbmm) and every Linear",
    "libcublasLt.so.12": "cuBLASLt: the GEMM kernels behind cuBLAS and torch's fused bias GEMMs",
    "libcudnn.so.9": "cuDNN's front door; loads the sub-libraries below on demand",
    "libcudnn_graph.so.9": "cuDNN's graph API, which every other cuDNN library builds on",
    "libcudnn_ops.so.9": "cuDNN's basic operations (needed by cnn and adv)",
    "libcudnn_cnn.so.9": "cuDNN convolutions (the UNet's and the VAE's conv layers)",
    "libcudnn_adv.so.9": "cuDNN's fused attention and RNN kernels (torch's cuDNN SDPA backend)",
    "libcudnn_engines_precompiled.so.9": "cuDNN's precompiled convolution kernels",
    "libcudnn_engines_runtime_compiled.so.9": "cuDNN's runtime-fused kernels (compiled with NVRTC)",
    "libcudnn_heuristic.so.9": "cuDNN's heuristics that pick a kernel per convolution shape",
    "libnvrtc.so.12": "NVRTC: run-time compilation (torch's jiterator kernels, cuDNN's runtime fusion)",
    "libnvrtc-builtins.so.12.8": "NVRTC's built-in headers, loaded by libnvrtc",
    "libcupti.so.12": "CUPTI, linked by libtorch_cpu for its profiler; only loaded, never started",
    "libcufile.so.0": "GPUDirect Storage, linked by libtorch_cuda (3 MB; kept rather than replaced)",
}


def base_reason(soname: str):
    for pattern, why in BASE:
        if re.fullmatch(pattern, soname):
            return why
    return None


def left_out_reason(relative: str):
    for pattern, why in WHEEL_LEFT_OUT:
        if re.fullmatch(pattern, relative):
            return why
    return None
