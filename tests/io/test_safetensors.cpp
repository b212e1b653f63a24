// The safetensors reader accepts good files and names what is wrong with bad
// ones: every failure mode the format allows is written here on purpose.
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

#include "core/io/safetensors.h"
#include "core/io/safetensors_writer.h"
#include "core/util/error.h"

using namespace sd;

namespace {

std::vector<std::byte> floats(std::initializer_list<float> values) {
  std::vector<std::byte> out(values.size() * 4);
  std::memcpy(out.data(), values.begin(), out.size());
  return out;
}

// A raw file: 8-byte little-endian length, header text, data bytes.
void writeRaw(const std::string& path, const std::string& header, std::size_t dataBytes, uint64_t declaredLength) {
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((declaredLength >> (8 * i)) & 0xff));
  out << header;
  out << std::string(dataBytes, '\0');
}
void writeRaw(const std::string& path, const std::string& header, std::size_t dataBytes) {
  writeRaw(path, header, dataBytes, header.size());
}

}  // namespace

class TestSafetensors : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  std::string file(const char* name) { return (m_dir.path() + "/" + name).toStdString(); }

 private Q_SLOTS:
  void roundTrip() {
    SafetensorsWriter writer;
    writer.add("b.weight", DType::F32, {2, 2}, floats({1, 2, 3, 4}));
    std::vector<std::byte> ids(2 * 8);
    writer.add("a.ids", DType::I64, {2}, ids);
    writer.add("h", DType::F16, {3}, std::vector<std::byte>(6, std::byte{0x3c}));
    writer.add("empty", DType::F32, {0, 5}, {});
    writer.setMetadata("format", "pt");
    const auto path = file("good.safetensors");
    writer.write(path);

    const auto st = SafetensorsFile::open(path);
    QCOMPARE(st.tensors().size(), std::size_t(4));
    QCOMPARE(st.metadata().at("format"), std::string("pt"));
    QCOMPARE(st.headerSize() % 8, uint64_t(0));
    const auto& w = st.at("b.weight");
    QCOMPARE(w.shape, (std::vector<int64_t>{2, 2}));
    QVERIFY(w.dtype == DType::F32);
    float values[4];
    st.readTensor(w, values);
    QCOMPARE(values[3], 4.0f);
    QVERIFY(st.find("missing") == nullptr);
    QVERIFY(st.at("empty").numel() == 0);
    // Upstream layout: larger elements first, so 8-byte ids precede floats.
    QVERIFY(st.at("a.ids").begin < st.at("b.weight").begin);
    QVERIFY(st.at("b.weight").begin < st.at("h").begin);
  }

  void referenceFileOpens() {
    const auto st = SafetensorsFile::open(SD_TEST_DATA_DIR "/tiny-sd/unet/diffusion_pytorch_model.safetensors");
    QVERIFY(st.tensors().size() > 100);
    QVERIFY(st.find("conv_in.weight"));
  }

  void badFiles_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<QString>("expected");
    const QString ok = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    QTest::newRow("bad json") << R"({"t":{"dtype":"F32",)" << 8 << "not valid JSON";
    QTest::newRow("not an object") << R"([1,2,3])" << 0 << "JSON object";
    QTest::newRow("unknown dtype") << R"({"t":{"dtype":"F12","shape":[2],"data_offsets":[0,8]}})" << 8
                                   << "unknown dtype 'F12'";
    QTest::newRow("shape/byte mismatch") << R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})" << 8
                                         << "needs 12 bytes";
    QTest::newRow("offset out of range") << R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})" << 8
                                         << "past the end";
    QTest::newRow("offsets reversed") << R"({"t":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})" << 8
                                      << "end before they begin";
    QTest::newRow("overlap") << R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})"
                             << 12 << "overlap";
    QTest::newRow("negative dim") << R"({"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})" << 8
                                  << "not a list of sizes";
    QTest::newRow("missing offsets") << R"({"t":{"dtype":"F32","shape":[2]}})" << 8 << "data_offsets";
    QTest::newRow("metadata not strings") << R"({"__metadata__":{"n":3}})" << 0 << "not a string";
    QTest::newRow("overflowing shape")
        << R"({"t":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}})" << 8
        << "impossible";
    QTest::newRow("truncated data") << ok << 4 << "truncated";
  }

  void badFiles() {
    QFETCH(QString, header);
    QFETCH(int, dataBytes);
    QFETCH(QString, expected);
    const auto path = file("bad.safetensors");
    writeRaw(path, header.toStdString(), static_cast<std::size_t>(dataBytes));
    expectError(path, expected.toStdString());
  }

  void headerLongerThanFile() {
    const auto path = file("long.safetensors");
    writeRaw(path, "{}", 0, 4096);
    expectError(path, "longer than the file");
  }

  void hugeHeaderLength() {
    const auto path = file("huge.safetensors");
    writeRaw(path, "{}", 0, uint64_t(1) << 60);
    expectError(path, "exceeds");
  }

  void tooShort() {
    const auto path = file("short.safetensors");
    std::ofstream(path, std::ios::binary) << "abc";
    expectError(path, "too short");
  }

  void truncatedReferenceFile() {
    // The first 64 KiB of a real weights file: header intact, data cut off.
    std::ifstream in(SD_TEST_DATA_DIR "/tiny-sd/vae/diffusion_pytorch_model.safetensors", std::ios::binary);
    std::string head(65536, '\0');
    in.read(head.data(), head.size());
    const auto path = file("cut.safetensors");
    std::ofstream(path, std::ios::binary) << head;
    expectError(path, "truncated");
  }

  void missingFile() { expectError(file("nope.safetensors"), "cannot open"); }

  void writerRejectsWrongSize() {
    SafetensorsWriter writer;
    QVERIFY_THROWS_EXCEPTION(Error, writer.add("x", DType::F32, {3}, floats({1, 2})));
  }

 private:
  void expectError(const std::string& path, const std::string& fragment) {
    try {
      SafetensorsFile::open(path);
      QFAIL("no error was raised");
    } catch (const Error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find(fragment) != std::string::npos, message.c_str());
      QVERIFY2(message.find(path) != std::string::npos, ("error does not name the file: " + message).c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
