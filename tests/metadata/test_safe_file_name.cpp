// File names from hostile prompts: no traversal, separators, controls,
// reserved device names, overlong or invalid UTF-8 names.
#include <QtTest>

#include <string>

#include "core/util/safe_file_name.h"

using sd::safeFileName;

namespace {

bool validUtf8(const std::string& s) { return sd::validUtf8(s) == s; }

}  // namespace

class TestSafeFileName : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void cases_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("a photo of a cat") << QByteArray("a_photo_of_a_cat");
    QTest::newRow("traversal") << QByteArray("../../etc/passwd") << QByteArray("etc_passwd");
    QTest::newRow("dots only") << QByteArray("..") << QByteArray("image");
    QTest::newRow("backslashes") << QByteArray("..\\..\\windows\\system32") << QByteArray("windows_system32");
    QTest::newRow("windows forbidden") << QByteArray("a<b>c:d\"e|f?g*h") << QByteArray("a_b_c_d_e_f_g_h");
    QTest::newRow("controls") << QByteArray("line\none\ttab\x01\x7f") << QByteArray("line_one_tab");
    QTest::newRow("reserved CON") << QByteArray("con") << QByteArray("_con");
    QTest::newRow("reserved NUL.txt") << QByteArray("NUL.txt") << QByteArray("_NUL.txt");
    QTest::newRow("reserved COM1") << QByteArray("COM1") << QByteArray("_COM1");
    QTest::newRow("reserved LPT9") << QByteArray("lpt9") << QByteArray("_lpt9");
    QTest::newRow("not reserved COM10") << QByteArray("COM10") << QByteArray("COM10");
    QTest::newRow("not reserved console") << QByteArray("console") << QByteArray("console");
    QTest::newRow("trailing dot space") << QByteArray("name. . ") << QByteArray("name");
    QTest::newRow("leading dot") << QByteArray(".hidden") << QByteArray("hidden");
    QTest::newRow("unicode kept") << QByteArray("猫 と 犬") << QByteArray("猫_と_犬");
    QTest::newRow("bidi override dropped") << QByteArray("evil\xE2\x80\xAEgpj.exe") << QByteArray("evil_gpj.exe");
    QTest::newRow("invalid utf8 dropped") << QByteArray("a\xff\xfe b\xc3") << QByteArray("a_b");
    QTest::newRow("overlong slash dropped") << QByteArray("a\xc0\xaf b") << QByteArray("a_b");
    QTest::newRow("empty") << QByteArray("") << QByteArray("image");
    QTest::newRow("only punctuation") << QByteArray("///???") << QByteArray("image");
  }
  void cases() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const std::string name = safeFileName(input.toStdString());
    QCOMPARE(QByteArray::fromStdString(name), expected);
    QVERIFY(sd::isSafeFileName(name));
  }

  void lengthIsBoundedAtACharacterBoundary() {
    std::string longPrompt;
    for (int i = 0; i < 100; ++i) longPrompt += "é猫";  // 2- and 3-byte characters
    for (std::size_t limit : {1u, 2u, 3u, 4u, 5u, 10u, 33u, 80u}) {
      const std::string name = safeFileName(longPrompt, limit);
      QVERIFY2(name.size() <= std::max<std::size_t>(limit, 5), name.c_str());
      QVERIFY(validUtf8(name));
      QVERIFY(!name.empty());
    }
    QCOMPARE(safeFileName(std::string(300, 'x')).size(), std::size_t(80));
  }

  void isSafeRejectsWhatCouldEscape() {
    for (const char* bad : {"", ".", "..", "a/b", "a\\b", "CON", "con.png", "x\n", "name.", "\xff"})
      QVERIFY2(!sd::isSafeFileName(bad), bad);
    QVERIFY(sd::isSafeFileName("00001-42-a_cat.png"));
  }

  void fuzzedInputsAlwaysGiveSafeNames() {
    uint32_t state = 12345;
    for (int round = 0; round < 2000; ++round) {
      std::string input;
      const int length = round % 200;
      for (int i = 0; i < length; ++i) {
        state = state * 1664525u + 1013904223u;
        input += static_cast<char>(state >> 24);
      }
      const std::string name = safeFileName(input, 60);
      QVERIFY(sd::isSafeFileName(name));
      QVERIFY(name.size() <= 60);
      QVERIFY(validUtf8(name));
      QVERIFY(name.find("..") == std::string::npos || name.find('/') == std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(TestSafeFileName)
#include "test_safe_file_name.moc"
