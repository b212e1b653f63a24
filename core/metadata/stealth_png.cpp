#include "core/metadata/stealth_png.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "core/metadata/inflate_bounded.h"
#include "core/metadata/png_row_reader.h"
#include "core/util/error.h"

namespace sd {

namespace {

constexpr std::size_t kSignatureBits = 15 * 8;
constexpr std::size_t kHeaderBits = kSignatureBits + 32;  // signature + payload length
constexpr std::uint64_t kMaxPayloadBytes = 16u << 20;

enum class Channel { Alpha, Rgb };

// The low bits of the pixels read so far, one byte per pixel
// (R<<3 | G<<2 | B<<1 | A), row by row; rows keep only the columns the
// stream can reach.
class LowBits {
 public:
  LowBits(std::uint32_t width, std::uint32_t height) : m_width(width), m_height(height) {}

  void addRow(const std::vector<unsigned char>& rgba, std::uint32_t columns) {
    std::vector<unsigned char> bits(std::min(columns, m_width));
    for (std::size_t x = 0; x < bits.size(); ++x) {
      const unsigned char* p = &rgba[x * 4];
      bits[x] = static_cast<unsigned char>((p[0] & 1) << 3 | (p[1] & 1) << 2 | (p[2] & 1) << 1 | (p[3] & 1));
    }
    m_rows.push_back(std::move(bits));
  }
  std::uint32_t rows() const { return static_cast<std::uint32_t>(m_rows.size()); }

  // Bit `k` of the stream; pixels run down each column, then across.
  bool bit(Channel channel, std::uint64_t k) const {
    const std::uint64_t pixel = channel == Channel::Alpha ? k : k / 3;
    const auto x = static_cast<std::size_t>(pixel / m_height), y = static_cast<std::size_t>(pixel % m_height);
    const unsigned char v = y < m_rows.size() && x < m_rows[y].size() ? m_rows[y][x] : 0;
    return channel == Channel::Alpha ? (v & 1) : (v >> (3 - k % 3)) & 1;
  }
  std::vector<unsigned char> bytes(Channel channel, std::uint64_t firstBit, std::uint64_t count) const {
    std::vector<unsigned char> out(count);
    for (std::uint64_t i = 0; i < count; ++i)
      for (int b = 0; b < 8; ++b) out[i] = static_cast<unsigned char>(out[i] << 1 | bit(channel, firstBit + i * 8 + b));
    return out;
  }

 private:
  std::uint32_t m_width, m_height;
  std::vector<std::vector<unsigned char>> m_rows;
};

std::uint64_t ceilDiv(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

// Which signature (if any) the first pixels carry: RGB is checked first, as
// the extension does (its 40 pixels come before alpha's 120).
std::optional<std::pair<Channel, bool>> findSignature(const LowBits& bits, bool hasAlpha) {
  for (const Channel channel : {Channel::Rgb, Channel::Alpha}) {
    if (channel == Channel::Alpha && !hasAlpha) continue;
    const auto sig = bits.bytes(channel, 0, 15);
    const std::string text(sig.begin(), sig.end());
    const std::string stem = channel == Channel::Alpha ? "stealth_png" : "stealth_rgb";
    if (text == stem + "info") return std::pair{channel, false};
    if (text == stem + "comp") return std::pair{channel, true};
  }
  return std::nullopt;
}

struct Probe {
  std::unique_ptr<PngRowReader> reader;
  LowBits bits;
  Channel channel;
  bool compressed;
};

// Decodes the rows that hold the first 152 pixels down the columns (152
// rows of a tall image, all rows of a short one) and looks for a signature
// there; nullopt when there is none.
std::optional<Probe> probeSignature(const ByteSource& png) {
  auto reader = std::make_unique<PngRowReader>(png);
  LowBits bits(reader->width(), reader->height());
  const auto probeRows = static_cast<std::uint32_t>(std::min<std::uint64_t>(reader->height(), kHeaderBits));
  while (bits.rows() < probeRows) bits.addRow(reader->nextRow(), reader->width());
  const auto signature = findSignature(bits, reader->hasAlpha());
  if (!signature) return std::nullopt;
  return Probe{std::move(reader), std::move(bits), signature->first, signature->second};
}

// The payload behind a confirmed signature: its length checked against
// what the image can hold, then only the columns it reaches decoded.
std::vector<unsigned char> readPayload(Probe& probe, const std::string& name) {
  PngRowReader& reader = *probe.reader;
  const std::uint32_t width = reader.width(), height = reader.height();
  const Channel channel = probe.channel;
  const auto lengthBytes = probe.bits.bytes(channel, kSignatureBits, 4);
  const std::uint64_t payloadBits = std::uint64_t(lengthBytes[0]) << 24 | lengthBytes[1] << 16 | lengthBytes[2] << 8 | lengthBytes[3];
  const std::uint64_t capacity = std::uint64_t(width) * height * (channel == Channel::Alpha ? 1 : 3);
  if (payloadBits == 0 || capacity < kHeaderBits || payloadBits > capacity - kHeaderBits)
    throw Error(name + ": stealth metadata claims " + std::to_string(payloadBits / 8) + " bytes, more than the image's " +
                std::to_string(width) + "x" + std::to_string(height) + " pixels can hold");
  if (payloadBits / 8 > kMaxPayloadBytes) throw Error(name + ": stealth metadata over the size limit");
  const std::uint64_t lastPixel = ceilDiv(kHeaderBits + payloadBits, channel == Channel::Alpha ? 1 : 3);
  const auto columns = static_cast<std::uint32_t>(ceilDiv(lastPixel, height));
  const auto rowsNeeded = static_cast<std::uint32_t>(columns > 1 ? height : lastPixel);
  while (probe.bits.rows() < rowsNeeded) probe.bits.addRow(reader.nextRow(), columns);
  return probe.bits.bytes(channel, kHeaderBits, payloadBits / 8);
}

}  // namespace

std::optional<StealthText> readStealthText(const ByteSource& png, std::string* probeError) {
  std::optional<Probe> probe;
  try {
    probe = probeSignature(png);
  } catch (const Error& e) {
    if (probeError) *probeError = e.what();
    return std::nullopt;
  }
  if (!probe) return std::nullopt;
  const auto payload = readPayload(*probe, png.name());
  StealthText out;
  out.mode = std::string(probe->channel == Channel::Alpha ? "alpha" : "rgb") + (probe->compressed ? ", gzip" : "");
  out.text = probe->compressed
                 ? inflateBounded(payload, CompressedFormat::Gzip, kMaxPayloadBytes, png.name() + ": stealth metadata")
                 : std::string(payload.begin(), payload.end());
  return out;
}

}  // namespace sd
