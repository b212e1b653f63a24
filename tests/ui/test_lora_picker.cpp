// The prompt panel's LoRA picker inserts <lora:name:1> at the cursor.
#include <QtTest>

#include <QPlainTextEdit>
#include <QTextCursor>

#include "ui/panels/prompt_panel.h"
#include "ui/widgets/lora_picker.h"

using namespace sd::ui;

class TestLoraPicker : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void insertsTagAtCursor() {
    PromptPanel panel;
    auto* picker = panel.loraPicker();
    picker->setSource([] { return QStringList{"grain", "film"}; });
    QCOMPARE(picker->count(), 2);
    QCOMPARE(picker->currentIndex(), -1);
    panel.setPrompt("a cat, 4k");
    auto cursor = panel.promptEdit()->textCursor();
    cursor.setPosition(7);  // after "a cat, "
    panel.promptEdit()->setTextCursor(cursor);
    Q_EMIT picker->activated(1);
    QCOMPARE(panel.prompt(), QString("a cat, <lora:film:1>4k"));
    QCOMPARE(picker->currentIndex(), -1);
  }

  void readsTheFolderAgainWhenOpened() {
    QStringList names{"a"};
    LoraPicker picker;
    picker.setSource([&names] { return names; });
    names << "b";
    picker.refresh();
    QCOMPARE(picker.count(), 2);
    picker.setSource([] { return QStringList{}; });
    QVERIFY(picker.toolTip().contains("No LoRA files"));
  }
};

QTEST_MAIN(TestLoraPicker)
#include "test_lora_picker.moc"
