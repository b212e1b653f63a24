// The persistent sha256 cache behind A1111's "Model hash": a second call
// answers from the cache without reading the file, a change of size or
// mtime rehashes, a corrupt or hostile cache file is ignored and replaced,
// the entry cap holds, and an unwritable cache only costs speed.
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/metadata/model_hash.h"
#include "core/util/error.h"
#include "core/util/hash_cache.h"
#include "core/util/sha256.h"

namespace fs = std::filesystem;

namespace {

void writeBytes(const fs::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json cacheFiles(const fs::path& cacheFile) {
  const auto doc = nlohmann::json::parse(readBytes(cacheFile));
  return doc.at("files");
}

}  // namespace

class TestHashCache : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;
  fs::path root() const { return m_dir.path().toStdString(); }

 private Q_SLOTS:
  void secondCallAnswersFromTheCache() {
    const fs::path file = root() / "same-size.safetensors", cacheFile = root() / "c1" / "hashes.json";
    writeBytes(file, "first contents");
    const sd::HashCache cache(cacheFile);
    QCOMPARE(cache.sha256(file), sd::sha256Hex("first contents"));
    QVERIFY(fs::exists(cacheFile));

    // Same size, same mtime, other bytes: only a cache that did not read
    // the file answers with the old hash (a new object, as in a new run).
    const auto mtime = fs::last_write_time(file);
    writeBytes(file, "other contents");
    fs::last_write_time(file, mtime);
    QCOMPARE(sd::HashCache(cacheFile).sha256(file), sd::sha256Hex("first contents"));

    // A new mtime (even 1 ns) rehashes.
    fs::last_write_time(file, mtime + std::chrono::nanoseconds(1));
    QCOMPARE(sd::HashCache(cacheFile).sha256(file), sd::sha256Hex("other contents"));
    QCOMPARE(cacheFiles(cacheFile).size(), std::size_t(1));
  }

  void newSizeRehashes() {
    const fs::path file = root() / "grows.bin", cacheFile = root() / "c2" / "hashes.json";
    writeBytes(file, "abc");
    const sd::HashCache cache(cacheFile);
    QCOMPARE(cache.sha256(file), sd::sha256Hex("abc"));
    const auto mtime = fs::last_write_time(file);
    writeBytes(file, "abcd");
    fs::last_write_time(file, mtime);
    QCOMPARE(cache.sha256(file), sd::sha256Hex("abcd"));
  }

  void corruptCacheIsIgnoredAndRewritten_data() {
    QTest::addColumn<QByteArray>("cacheText");
    // The file's real size and mtime are filled in for @SIZE@ and @MTIME@:
    // entries that match the file but are malformed must not be believed.
    const QByteArray lying = R"("sha256": "0000000000000000000000000000000000000000000000000000000000000000")";
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("{\"version\": 1, \"files\": {");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe{[", 5);
    QTest::newRow("an array") << QByteArray("[1, 2, 3]");
    QTest::newRow("too deep") << QByteArray(100000, '[');
    QTest::newRow("deep inside an entry")
        << QByteArray(R"({"version": 1, "files": {"@PATH@": {"size": @SIZE@, "mtime_ns": @MTIME@, )" + lying +
                      R"(, "hashed_at_ns": [[[[[[1]]]]]]}}})");
    QTest::newRow("other version") << QByteArray(R"({"version": 2, "files": {"@PATH@": {"size": @SIZE@, "mtime_ns": @MTIME@, )" +
                                                 lying + R"(, "hashed_at_ns": 1}}})");
    QTest::newRow("version as text") << QByteArray(R"({"version": "1", "files": {"@PATH@": {"size": @SIZE@, "mtime_ns": @MTIME@, )" +
                                                   lying + R"(, "hashed_at_ns": 1}}})");
    QTest::newRow("size as text") << QByteArray(R"({"version": 1, "files": {"@PATH@": {"size": "@SIZE@", "mtime_ns": @MTIME@, )" +
                                                lying + R"(, "hashed_at_ns": 1}}})");
    QTest::newRow("negative size") << QByteArray(R"({"version": 1, "files": {"@PATH@": {"size": -1, "mtime_ns": @MTIME@, )" +
                                                 lying + R"(, "hashed_at_ns": 1}}})");
    QTest::newRow("hash not hex")
        << QByteArray(R"({"version": 1, "files": {"@PATH@": {"size": @SIZE@, "mtime_ns": @MTIME@, "sha256": "../../etc/passwd", "hashed_at_ns": 1}}})");
    QTest::newRow("hash upper case")
        << QByteArray(R"({"version": 1, "files": {"@PATH@": {"size": @SIZE@, "mtime_ns": @MTIME@, "sha256": ")" +
                      QByteArray(64, 'A') + R"(", "hashed_at_ns": 1}}})");
    QTest::newRow("files is a list") << QByteArray(R"({"version": 1, "files": [1, 2]})");
    // Not corrupt, but from a hostile hand: a time at the end of int64 must
    // not overflow when the new entry is stamped newer than every other.
    QTest::newRow("hashed at the end of time")
        << QByteArray(R"({"version": 1, "files": {"/elsewhere": {"size": 1, "mtime_ns": 1, "sha256": ")" +
                      QByteArray(64, 'a') + R"(", "hashed_at_ns": 9223372036854775807}}})");
  }
  void corruptCacheIsIgnoredAndRewritten() {
    QFETCH(QByteArray, cacheText);
    QTemporaryDir dir;
    const fs::path folder = dir.path().toStdString();
    const fs::path file = folder / "model.safetensors", cacheFile = folder / "hashes.json";
    writeBytes(file, "abc");
    const auto size = QByteArray::number(qulonglong(fs::file_size(file)));
    // The mtime as the cache stores it: nanoseconds since 1970.
    const auto sinceEpoch = std::chrono::file_clock::to_sys(fs::last_write_time(file)).time_since_epoch();
    const auto mtime = QByteArray::number(qlonglong(std::chrono::duration_cast<std::chrono::nanoseconds>(sinceEpoch).count()));
    cacheText.replace("@PATH@", QByteArray::fromStdString(file.string())).replace("@SIZE@", size).replace("@MTIME@", mtime);
    writeBytes(cacheFile, cacheText.toStdString());

    QCOMPARE(sd::HashCache(cacheFile).sha256(file), sd::sha256Hex("abc"));
    const auto files = cacheFiles(cacheFile);  // valid JSON again
    QCOMPARE(files.size(), std::size_t(QTest::currentDataTag() == QByteArray("hashed at the end of time") ? 2 : 1));
    QCOMPARE(files.at(file.string()).at("sha256").get<std::string>(), sd::sha256Hex("abc"));
    QCOMPARE(files.at(file.string()).at("mtime_ns").dump(), mtime.toStdString());
  }

  void capKeepsTheNewest() {
    const fs::path cacheFile = root() / "c3" / "hashes.json";
    const sd::HashCache cache(cacheFile, 3);
    for (int i = 0; i < 5; ++i) {
      const auto file = root() / ("capped-" + std::to_string(i));
      writeBytes(file, std::to_string(i));
      QCOMPARE(cache.sha256(file), sd::sha256Hex(std::to_string(i)));
    }
    const auto files = cacheFiles(cacheFile);
    QCOMPARE(files.size(), std::size_t(3));
    for (int i = 2; i < 5; ++i) QVERIFY(files.contains((root() / ("capped-" + std::to_string(i))).string()));
  }

  void relativePathsShareTheAbsoluteKey() {
    const fs::path cacheFile = root() / "c4" / "hashes.json";
    writeBytes(root() / "relative.bin", "xyz");
    const auto cwd = fs::current_path();
    fs::current_path(root());
    sd::HashCache(cacheFile).sha256("./relative.bin");
    fs::current_path(cwd);
    QVERIFY(cacheFiles(cacheFile).contains((root() / "relative.bin").string()));
  }

  void unwritableCacheOnlyCostsSpeed() {
    writeBytes(root() / "not-a-folder", "");
    writeBytes(root() / "plain.bin", "abc");
    QCOMPARE(sd::HashCache(root() / "not-a-folder" / "hashes.json").sha256(root() / "plain.bin"), sd::sha256Hex("abc"));
    QCOMPARE(sd::HashCache({}).sha256(root() / "plain.bin"), sd::sha256Hex("abc"));
  }

  void missingOrSpecialFilesNameThePath() {
    const sd::HashCache cache(root() / "c5" / "hashes.json");
    for (const fs::path& bad : {root() / "missing.safetensors", root()}) {
      try {
        cache.sha256(bad);
        QFAIL("expected an error");
      } catch (const sd::Error& e) {
        QVERIFY2(QString(e.what()).contains(QString::fromStdString(bad.string())), e.what());
      }
    }
  }

  void modelHashUsesTheUserCacheFolder() {
    // ctest points XDG_CACHE_HOME into the build folder; here, a temp one.
    QTemporaryDir cacheHome;
    const QByteArray saved = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", cacheHome.path().toUtf8());
    const fs::path expected = fs::path(cacheHome.path().toStdString()) / "sdstudio" / "file-hashes.json";
    QCOMPARE(sd::defaultHashCacheFile(), expected);
    writeBytes(root() / "model-hash.safetensors", "abc");
    QCOMPARE(QString::fromStdString(sd::modelHash(root() / "model-hash.safetensors")), QString("ba7816bf8f"));
    QVERIFY(cacheFiles(expected).contains((root() / "model-hash.safetensors").string()));
    qputenv("XDG_CACHE_HOME", "relative/is/ignored");
    QVERIFY(sd::defaultHashCacheFile() != fs::path("relative/is/ignored/sdstudio/file-hashes.json"));
    if (saved.isNull()) qunsetenv("XDG_CACHE_HOME");
    else qputenv("XDG_CACHE_HOME", saved);
  }
};

QTEST_GUILESS_MAIN(TestHashCache)
#include "test_hash_cache.moc"
