// SHA-256 against FIPS 180-4 / NIST CAVP test vectors, streamed in awkward
// pieces and from a file larger than the read buffer, and A1111's short
// model hash of a file and a diffusers folder.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <string>

#include "core/metadata/model_hash.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

class TestSha256 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void knownVectors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");
    // FIPS 180-4 examples (csrc.nist.gov, SHA256.pdf / SHA2_Additional.pdf).
    QTest::newRow("empty") << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("abc") << QByteArray("abc") << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("896 bits")
        << QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
        << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
    QTest::newRow("one million a") << QByteArray(1'000'000, 'a')
                                   << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    QTest::newRow("55 bytes") << QByteArray(55, 'a') << "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318";
    QTest::newRow("56 bytes") << QByteArray(56, 'a') << "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a";
    QTest::newRow("64 bytes") << QByteArray(64, 'a') << "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb";
  }
  void knownVectors() {
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    QCOMPARE(QString::fromStdString(sd::sha256Hex(std::string_view(input.constData(), input.size()))), digest);
    // The same bytes fed in uneven pieces (1, 2, 3, … bytes) give the same digest.
    sd::Sha256 streaming;
    for (qsizetype at = 0, piece = 1; at < input.size(); at += piece, piece = piece % 97 + 1)
      streaming.update(input.constData() + at, std::min<qsizetype>(piece, input.size() - at));
    QCOMPARE(QString::fromStdString(streaming.finishHex()), digest);
  }

  void fileLargerThanTheReadBuffer() {
    // 3 MiB + 17 bytes: three full 1 MiB reads and a short one. The digest
    // is Python's hashlib.sha256 of the same bytes ((i * 31 + 7) % 251).
    QTemporaryDir dir;
    const std::filesystem::path file = std::filesystem::path(dir.path().toStdString()) / "big.bin";
    std::string bytes((3u << 20) + 17, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 31 + 7) % 251);
    std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    const QString expected = "e7bff00c7b67234117b8c364725cf2b41fc31f7f46674b1a4a6b3c5516b3a6ed";
    QCOMPARE(QString::fromStdString(sd::sha256File(file)), expected);
    QCOMPARE(QString::fromStdString(sd::sha256Hex(bytes)), expected);
  }

  void modelHashOfFileAndFolder() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    std::ofstream(root / "model.safetensors", std::ios::binary) << "abc";
    QCOMPARE(QString::fromStdString(sd::modelHash(root / "model.safetensors")), QString("ba7816bf8f"));
    std::filesystem::create_directories(root / "diffusers" / "unet");
    std::ofstream(root / "diffusers" / "unet" / "diffusion_pytorch_model.safetensors", std::ios::binary) << "abc";
    QCOMPARE(QString::fromStdString(sd::modelHash(root / "diffusers")), QString("ba7816bf8f"));
  }

  void missingFilesNameThePath() {
    try {
      sd::modelHash("/nonexistent/model.safetensors");
      QFAIL("expected an error");
    } catch (const sd::Error& e) {
      QVERIFY2(QString(e.what()).contains("/nonexistent/model.safetensors"), e.what());
    }
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::modelHash(dir.path().toStdString()));
  }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "test_sha256.moc"
