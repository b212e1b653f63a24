# LibTorch sanity: the std::string ABI of LibTorch must match the rest of the
# program (Qt and Debian's libraries use the C++11 ABI).
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
  message(FATAL_ERROR
    "The LibTorch at ${Torch_DIR} was built with the pre-C++11 string ABI, "
    "which cannot link with Qt or OpenCV from your distribution. Download the "
    "'cxx11 ABI' variant of LibTorch and point Torch_DIR at it.")
endif()
if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES)
  set(SDSTUDIO_TORCH_HAS_CUDA ON)
else()
  set(SDSTUDIO_TORCH_HAS_CUDA OFF)
endif()
message(STATUS "LibTorch: ${Torch_DIR} (CUDA: ${SDSTUDIO_TORCH_HAS_CUDA})")
