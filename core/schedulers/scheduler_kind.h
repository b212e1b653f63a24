#pragma once
// The samplers SD Studio implements: a closed set, so the engine switches on
// it and the compiler names a case left out. Names as users and files spell
// them are parsed into it at the edges (scheduler_names.h: the CLI, the
// window, the metadata readers); no string travels through the engine.
namespace sd {

enum class SchedulerKind {
  Pndm,
  Ddim,
  Lms,
  Euler,
  EulerAncestral,
  Heun,
  DpmPP2M,
  DpmPP2MKarras,
  UniPc,
  Ddpm,
};

}  // namespace sd
