#pragma once
// Typed preferences over QSettings: each setting is declared once with its key and default,
//
//     inline const Preference<bool> lectureMode{"view/lectureMode", false};
//
// so no string key is spelt twice and no caller has to remember a default. Values are read
// and written through the application's default QSettings (organisation and application
// names set in main); tests redirect that to a temporary location (see tests/app).

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace latentlab {

template <typename T> class Preference {
public:
    Preference(const char* key, T defaultValue) : m_key(key), m_default(std::move(defaultValue)) {}

    T value() const {
        const QVariant v = QSettings().value(m_key);
        if (!v.isValid() || !v.canConvert<T>())
            return m_default;
        return v.value<T>();
    }
    void setValue(const T& value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }
    void reset() const { QSettings().remove(m_key); }
    const T& defaultValue() const { return m_default; }
    QString key() const { return m_key; }

private:
    QString m_key;
    T m_default;
};

namespace prefs {
inline const Preference<QByteArray> windowGeometry{"mainWindow/geometry", {}};
inline const Preference<QByteArray> windowState{"mainWindow/state", {}};
inline const Preference<QStringList> recentFiles{"files/recent", {}};
inline const Preference<QString> lastDirectory{"files/lastDirectory", {}};
inline const Preference<bool> lectureMode{"view/lectureMode", false};
inline const Preference<double> viewScale{"view/scale", 1.0};
inline const Preference<int> palette{"view/palette", 0};
inline const Preference<double> playSpeed{"transport/speed", 2.0};
inline const Preference<QString> exportSize{"export/size", QStringLiteral("1600x1000")};
inline const Preference<QString> lastPage{"view/lastPage", {}};
} // namespace prefs

} // namespace latentlab
