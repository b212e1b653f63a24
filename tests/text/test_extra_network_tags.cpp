// <lora:…> and other extra-network tags, as stable-diffusion-webui's
// extra_networks.parse_prompt and extra_networks_lora.activate read them
// (re_extra_net = <(\w+):([^>]+)>; te/unet multipliers, positional or named).
#include <QtTest>

#include "core/text/extra_network_tags.h"
#include "core/util/error.h"

using namespace sd;

class TestExtraNetworkTags : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void removedFromThePrompt() {
    QCOMPARE(withoutExtraNetworkTags("a cat <lora:grain:0.5>, 4k"), std::string("a cat , 4k"));
    QCOMPARE(withoutExtraNetworkTags("<hypernet:x:1>a<lora:y>"), std::string("a"));
    // not tags: no word before ':', nothing between ':' and '>', no '>'
    QCOMPARE(withoutExtraNetworkTags("<:x> <lora:> <lora:x"), std::string("<:x> <lora:> <lora:x"));
    QCOMPARE(withoutExtraNetworkTags("a <b c:1> d"), std::string("a <b c:1> d"));
    // the first '<' that starts a match wins, as the regex's leftmost match
    QCOMPARE(withoutExtraNetworkTags("<<lora:x:1>>"), std::string("<>"));
  }

  void loraWeights_data() {
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("te");
    QTest::addColumn<double>("unet");
    QTest::newRow("default 1") << "<lora:grain>" << "grain" << 1.0 << 1.0;
    QTest::newRow("one weight for both") << "x <lora:grain:0.7>" << "grain" << 0.7 << 0.7;
    QTest::newRow("te then unet") << "<lora:grain:0.3:0.9>" << "grain" << 0.3 << 0.9;
    QTest::newRow("named te") << "<lora:grain:te=0.2>" << "grain" << 0.2 << 0.2;
    QTest::newRow("named unet") << "<lora:grain:0.5:unet=1.5>" << "grain" << 0.5 << 1.5;
    QTest::newRow("negative, spaces") << "<lora:grain: -1 >" << "grain" << -1.0 << -1.0;
    QTest::newRow("name with spaces") << "<lora:film grain v2:1e-1>" << "film grain v2" << 0.1 << 0.1;
  }

  void loraWeights() {
    QFETCH(QString, prompt);
    QFETCH(QString, name);
    QFETCH(double, te);
    QFETCH(double, unet);
    const auto tags = loraTags(prompt.toStdString());
    QCOMPARE(tags.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(tags[0].name), name);
    QCOMPARE(tags[0].textEncoderWeight, te);
    QCOMPARE(tags[0].unetWeight, unet);
  }

  void severalAndOtherKinds() {
    const auto tags = loraTags("<lora:a:0.5> cat <hypernet:h:1> <lora:b:2>");
    QCOMPARE(tags.size(), std::size_t{2});
    QCOMPARE(tags[0], (LoraTag{"a", 0.5, 0.5}));
    QCOMPARE(tags[1], (LoraTag{"b", 2.0, 2.0}));
    QVERIFY(loraTags("no tags (here:1.2)").empty());
  }

  void badWeightNamesTheTag() {
    try {
      loraTags("a <lora:grain:strong>");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("<lora:grain:strong>") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, loraTags("<lora::1>"));
  }
};

QTEST_APPLESS_MAIN(TestExtraNetworkTags)
#include "test_extra_network_tags.moc"
