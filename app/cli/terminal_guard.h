#pragma once
// Everything sdstudio-cli prints through std::cout and std::cerr passes
// terminalSafe() (core/util/terminal_text.h) on its way out, so text that
// came from a file (a prompt, a tensor name, a LoRA key, a file name in an
// error message) cannot retitle, clear or query the terminal, whichever
// code path printed it. Only the progress lines, which need their own
// carriage returns and erase-line codes, are written with fprintf(stderr),
// and they pass any text they show through terminalSafe() themselves.

namespace sd::cli {

// Installs the filter on std::cout and std::cerr (once; for the process's
// lifetime).
void guardTerminalStreams();

}  // namespace sd::cli
