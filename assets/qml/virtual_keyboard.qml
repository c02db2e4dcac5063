// Qt Virtual Keyboard, embedded in the kiosk's widget window (a QQuickWidget docked at the bottom
// of the step screen): Chinese pinyin and English, switched with the globe key.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    // Set from Python: the keyboard's language follows the screen's at each text step.
    property string locale: "zh_CN"
    readonly property var availableLocales: VirtualKeyboardSettings.availableLocales
    implicitHeight: panel.height

    InputPanel {
        id: panel
        objectName: "inputPanel"
        // Full width: the key and candidate heights scale with it (1920 px wide: keys about
        // 190 x 140 px, candidates 64 px high, both above the 15 mm a finger needs).
        width: root.width
        anchors.bottom: parent.bottom
    }

    onLocaleChanged: VirtualKeyboardSettings.locale = root.locale
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        // The candidate bar always there: the keyboard keeps one height, the fields do not jump.
        VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
        // Both layouts load now, while Python waits for this load with Qt's message handler
        // (screens/flow/text_entry.py), so the globe key later loads nothing.
        VirtualKeyboardSettings.locale = "en_US"
        VirtualKeyboardSettings.locale = "zh_CN"
        VirtualKeyboardSettings.locale = root.locale
    }
}
