#pragma once
// The generation settings' defaults and limits, in one table. The request's
// defaults, validateRequest(), the CLI's parser and help, and the window's
// spin boxes all read it, so none of them can disagree with another.
#include <cstdint>
#include <string>

#include "core/schedulers/scheduler_kind.h"

namespace sd {

template <typename T>
struct SettingRange {
  T fallback;  // the default
  T min;
  T max;
  constexpr bool contains(T value) const { return value >= min && value <= max; }
};

// "between 1 and 1000", for messages and help.
std::string describeRange(const SettingRange<int>& range);
std::string describeRange(const SettingRange<double>& range);

namespace settings {

inline constexpr SettingRange<int> kImageSide{512, 64, 4096};  // pixels, a multiple of 8
inline constexpr int kImageSideStep = 8;                       // the VAE's downscale factor
inline constexpr SettingRange<int> kSteps{25, 1, 1000};
inline constexpr SettingRange<double> kGuidanceScale{7.5, 0, 100};  // ≤ 1 disables guidance
inline constexpr SettingRange<double> kEta{0, 0, 1};                // DDIM's eta
inline constexpr SettingRange<int> kBatch{1, 1, 1000};              // images per prompt
inline constexpr SettingRange<int> kClipSkip{1, 1, 12};             // A1111's: 1 = CLIP's last layer
// img2img strength: (0, 1]; the minimum is exclusive (validateRequest).
inline constexpr SettingRange<double> kStrength{0.75, 0, 1};
inline constexpr SettingRange<double> kVariationStrength{0, 0, 1};
inline constexpr SettingRange<int> kMaskBlur{4, 0, 64};             // A1111's "Mask blur", pixels
inline constexpr SettingRange<int> kOnlyMaskedPadding{32, 0, 256};  // A1111's "Masked area padding"
inline constexpr int kMaxPrompts = 64;
// Seeds stay below 2^53 so every JSON reader (JavaScript's included) keeps them exact.
inline constexpr uint64_t kMaxSeed = uint64_t{1} << 53;
inline constexpr SchedulerKind kScheduler = SchedulerKind::DpmPP2MKarras;

}  // namespace settings
}  // namespace sd
