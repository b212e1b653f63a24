// Weights files made by an attacker (issue 15): nesting 100,000 deep where
// the format has three levels, a shape of millions of dimensions, a header
// at the format's 100 MB limit, names given twice, renamed pickle/zip/GGUF
// files, a FIFO named like a model, and a file truncated or rewritten while
// it is open. Each must end in well under a second with an error naming the
// file (and the limit), never a crash, a hang or SIGBUS.
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/io/safetensors.h"
#include "core/io/safetensors_writer.h"
#include "core/util/error.h"
#include "support/cpu_time.h"

using namespace sd;
namespace fs = std::filesystem;

using test::cpuMs;

namespace {

constexpr int kDeep = 100'000;

std::string nested(char open, char close, int depth) { return std::string(depth, open) + std::string(depth, close); }

void writeRaw(const std::string& path, const std::string& header, std::size_t dataBytes = 0) {
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((uint64_t(header.size()) >> (8 * i)) & 0xff));
  out << header << std::string(dataBytes, '\0');
}

}  // namespace

class TestSafetensorsHostile : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  std::string file(const char* name) { return (m_dir.path() + "/" + name).toStdString(); }

  // Opens `path` expecting an sd::Error naming it and containing `fragment`,
  // within `maxMs` of CPU time (the machine may be busy with other work).
  void expectRefused(const std::string& path, const std::string& fragment, double maxMs = 1000) {
    const double start = cpuMs();
    try {
      SafetensorsFile::open(path);
      QFAIL("the file was accepted");
    } catch (const Error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find(fragment) != std::string::npos, message.c_str());
      QVERIFY2(message.find(path) != std::string::npos, ("does not name the file: " + message).c_str());
    }
    QVERIFY2(cpuMs() - start < test::cpuBudgetMs(maxMs), qPrintable(QString("took %1 ms").arg(cpuMs() - start)));
  }

 private Q_SLOTS:
  void deepNesting_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("expected");
    const auto deepArray = QString::fromStdString(nested('[', ']', kDeep));
    QTest::newRow("in shape") << R"({"t":{"dtype":"F32","shape":)" + deepArray + R"(,"data_offsets":[0,0]}})"
                              << "shape holds an array";
    QTest::newRow("in an unknown field") << R"({"t":{"dtype":"F32","x":)" + deepArray + "}}" << "deeper than 8 levels";
    QTest::newRow("as a tensor") << R"({"t":)" + deepArray + "}" << "entry is not an object";
    QString metadata = R"({"__metadata__":)";
    for (int i = 0; i < kDeep; ++i) metadata += R"({"a":)";
    metadata += "1" + QString(kDeep + 1, '}');
    QTest::newRow("in metadata") << metadata << "is not a string";
  }
  void deepNesting() {
    QFETCH(QString, header);
    QFETCH(QString, expected);
    const auto path = file("deep.safetensors");
    writeRaw(path, header.toStdString());
    expectRefused(path, expected.toStdString());
  }

  // 25 million dimensions in 50 MB: refused at the 33rd, not materialised.
  void millionsOfDimensions() {
    std::string header = R"({"t":{"dtype":"F32","shape":[)";
    for (int i = 0; i < 25'000'000; ++i) header += "0,";
    header += R"(0],"data_offsets":[0,0]}})";
    const auto path = file("dims.safetensors");
    writeRaw(path, header);
    expectRefused(path, "more than 32 dimensions");
  }

  // A legal header at the format's limit parses in one streaming pass
  // (about 1.5 s here: the bound is for linearity, not speed).
  void headerAtTheLimit() {
    const std::string value(SafetensorsFile::kMaxHeaderBytes - 64, 'x');
    const std::string header = "{\"__metadata__\":{\"k\":\"" + value + "\"}}";
    QVERIFY(header.size() <= SafetensorsFile::kMaxHeaderBytes);
    const auto path = file("big.safetensors");
    writeRaw(path, header);
    const double start = cpuMs();
    const auto st = SafetensorsFile::open(path);
    QCOMPARE(st.metadata().at("k").size(), value.size());
    QVERIFY2(cpuMs() - start < test::cpuBudgetMs(4000), qPrintable(QString("took %1 ms").arg(cpuMs() - start)));
    writeRaw(path, header + std::string(SafetensorsFile::kMaxHeaderBytes - header.size() + 1, ' '));
    expectRefused(path, "exceeds the 100000000-byte limit");
  }

  void duplicateNames() {
    const auto path = file("dup.safetensors");
    writeRaw(path, R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8);
    expectRefused(path, "'a' is listed twice");
  }

  void otherFormatsAreNamed_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zip (.ckpt)") << QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00archive/data.pkl", 26) << "zip archive";
    QTest::newRow("pickle") << QByteArray("\x80\x02}q\x00(X\x01\x00\x00\x00aq\x01K\x01u.", 18) << "Python pickle";
    QTest::newRow("GGUF") << QByteArray("GGUF\x03\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00", 16) << "GGUF";
    QTest::newRow("tiny pickle") << QByteArray("\x80\x04.", 3) << "Python pickle";
  }
  void otherFormatsAreNamed() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const auto path = file("renamed.safetensors");
    std::ofstream(path, std::ios::binary).write(bytes.constData(), bytes.size());
    expectRefused(path, expected.toStdString());
    expectRefused(path, "never opened");
  }

  // Opening a FIFO for reading waits for a writer: refused without opening it blocking.
  void fifoIsRefused() {
    const auto path = file("pipe.safetensors");
    QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
    expectRefused(path, "not a regular file");
  }

  // Truncated or rewritten while open: an error naming the file, not SIGBUS.
  void changedWhileOpen() {
    const auto path = file("live.safetensors");
    SafetensorsWriter writer;
    writer.add("w", DType::F32, {1024}, std::vector<std::byte>(4096, std::byte{1}));
    writer.write(path);
    const auto st = SafetensorsFile::open(path);
    QCOMPARE(st.readTensor(st.at("w")).size(), std::size_t(4096));

    const auto before = fs::last_write_time(path);
    {
      std::fstream patch(path, std::ios::binary | std::ios::in | std::ios::out);
      patch.seekp(-1, std::ios::end);
      patch.put('x');  // a weight byte, same size
    }
    fs::last_write_time(path, before + std::chrono::seconds(2));  // the clock may not have ticked yet
    QVERIFY_THROWS_EXCEPTION(Error, st.readTensor(st.at("w")));

    const auto reopened = SafetensorsFile::open(path);
    fs::resize_file(path, 100);
    try {
      reopened.readTensor(reopened.at("w"));
      QFAIL("a truncated file was read");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestSafetensorsHostile)
#include "test_safetensors_hostile.moc"
