// makeScheduler: our ids to the scheduler classes, configured as
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

std::unique_ptr<Scheduler> makeScheduler(const std::string& id, const SchedulerConfig& config,
                                         const SchedulerOptions& options) {
  auto c = config;
  // Karras sigmas are part of the sampler choice, not of the model's config.
  c.useKarrasSigmas = id == "dpmpp_2m_karras";
  if (options.eta < 0) throw Error("DDIM eta must be >= 0, got " + std::to_string(options.eta));
  if (id == "pndm") return std::make_unique<PndmScheduler>(c);
  if (id == "ddim") return std::make_unique<DdimScheduler>(c, options.eta);
  if (id == "ddpm") return std::make_unique<DdpmScheduler>(c);
  if (id == "lms") return std::make_unique<LmsScheduler>(c);
  if (id == "euler") return std::make_unique<EulerScheduler>(c);
  if (id == "euler_ancestral") return std::make_unique<EulerAncestralScheduler>(c);
  if (id == "heun") return std::make_unique<HeunScheduler>(c);
  if (id == "dpmpp_2m" || id == "dpmpp_2m_karras") return std::make_unique<DpmSolverMultistepScheduler>(c);
  if (id == "unipc") return std::make_unique<UniPcScheduler>(c);
  std::string known;
  for (const auto& info : knownSchedulers()) known += (known.empty() ? "" : ", ") + info.id;
  throw Error("unknown scheduler '" + id + "' (known: " + known + ")");
}

}  // namespace sd
