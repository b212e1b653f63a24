// The contact sheet's size is bounded by what it draws, not by what a file
// or its metadata says (issue 30, items 7 and 8): a 1×16384 PNG, 50,000
// comparison prompts and a gallery too large for one sheet.
#include <QGuiApplication>
#include <QtTest>

#include "core/gallery/gallery_store.h"
#include "core/util/error.h"
#include "ui/painting/contact_sheet.h"

using namespace sd;
using namespace sd::ui;

class TestContactSheet : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fiftyThousandPromptsDrawTwelveBars() {
    GalleryEntry entry;
    entry.fileName = "a.png";
    entry.hasSettings = true;
    auto& r = entry.recipe;
    r.prompt = "prompt 49999";
    for (int i = 0; i < 50'000; ++i) {
      r.comparisonPrompts.push_back("prompt " + std::to_string(i));
      r.probabilities.push_back(i == 7 ? 0.5 : 0.5 / 49'999);
    }
    const auto item = contactSheetItem(entry, "/nonexistent.png");
    QCOMPARE(item.bars.size(), 12);
    bool own = false, likeliest = false;
    for (const auto& bar : item.bars) {
      own |= bar.label == "prompt 49999" && bar.highlighted;
      likeliest |= bar.label == "prompt 7";
    }
    QVERIFY(own && likeliest);
    QVERIFY2(item.details.contains("12 of 50000 prompts"), qPrintable(item.details));
  }

  void tallImagesAreFittedNotStretched() {
    QVector<ContactSheetItem> items(4);
    for (auto& item : items) {
      item.image = QImage(1, 16384, QImage::Format_RGB32);
      item.image.fill(Qt::black);
      item.prompt = "tall";
    }
    const QImage sheet = renderContactSheet(items);  // was 4.2 million pixels tall
    QVERIFY(!sheet.isNull());
    QVERIFY2(sheet.height() < 1000, qPrintable(QString::number(sheet.height())));
  }

  void aGalleryTooLargeForOneSheetIsNamed() {
    const QVector<ContactSheetItem> items(30'000);
    try {
      renderContactSheet(items);
      QFAIL("a sheet of 30,000 images was drawn");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("a contact sheet of 30000 images would be"), e.what());
    }
  }
};

QTEST_MAIN(TestContactSheet)
#include "test_contact_sheet.moc"
