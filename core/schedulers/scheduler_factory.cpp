// makeScheduler: our scheduler kinds to the scheduler classes, configured as
// `Cls.from_config(pipe.scheduler.config)` configures them in diffusers v0.27.2.
#include "core/schedulers/ddim_scheduler.h"
#include "core/schedulers/ddpm_scheduler.h"
#include "core/schedulers/dpm_solver_multistep_scheduler.h"
#include "core/schedulers/euler_ancestral_scheduler.h"
#include "core/schedulers/euler_scheduler.h"
#include "core/schedulers/heun_scheduler.h"
#include "core/schedulers/lms_scheduler.h"
#include "core/schedulers/pndm_scheduler.h"
#include "core/schedulers/scheduler.h"
#include "core/schedulers/scheduler_names.h"
#include "core/schedulers/unipc_scheduler.h"
#include "core/util/error.h"

namespace sd {

std::unique_ptr<Scheduler> makeScheduler(SchedulerKind kind, const SchedulerConfig& config,
                                         const SchedulerOptions& options) {
  auto c = config;
  // Karras sigmas are part of the sampler choice, not of the model's config.
  c.useKarrasSigmas = kind == SchedulerKind::DpmPP2MKarras;
  if (options.eta < 0) throw Error("DDIM eta must be >= 0, got " + std::to_string(options.eta));
  switch (kind) {  // no default: a kind left out is a compiler warning (-Wswitch)
    case SchedulerKind::Pndm: return std::make_unique<PndmScheduler>(c);
    case SchedulerKind::Ddim: return std::make_unique<DdimScheduler>(c, options.eta);
    case SchedulerKind::Ddpm: return std::make_unique<DdpmScheduler>(c);
    case SchedulerKind::Lms: return std::make_unique<LmsScheduler>(c);
    case SchedulerKind::Euler: return std::make_unique<EulerScheduler>(c);
    case SchedulerKind::EulerAncestral: return std::make_unique<EulerAncestralScheduler>(c);
    case SchedulerKind::Heun: return std::make_unique<HeunScheduler>(c);
    case SchedulerKind::DpmPP2M:
    case SchedulerKind::DpmPP2MKarras: return std::make_unique<DpmSolverMultistepScheduler>(c);
    case SchedulerKind::UniPc: return std::make_unique<UniPcScheduler>(c);
  }
  throw Error("unknown scheduler kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace sd
