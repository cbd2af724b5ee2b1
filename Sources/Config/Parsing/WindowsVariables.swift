/// Defaults for the Windows and IIS Express environment variables configuration files use, taken
/// when the process environment does not set them. They are Windows paths (what IIS Express would
/// see), so `--map-path` maps them like any other: `--map-path '%IIS_SITES_HOME%=/srv/sites'` or
/// `--map-path 'C:\Users=/home'`.
enum WindowsVariables {
    static let defaults: [String: String] = [
        "systemdrive": "C:",
        "windir": "C:\\Windows",
        "systemroot": "C:\\Windows",
        "programfiles": "C:\\Program Files",
        "programfiles(x86)": "C:\\Program Files (x86)",
        "programdata": "C:\\ProgramData",
        "userprofile": "C:\\Users\\Default",
        "appdata": "%USERPROFILE%\\AppData\\Roaming",
        "localappdata": "%USERPROFILE%\\AppData\\Local",
        "temp": "%USERPROFILE%\\AppData\\Local\\Temp",
        "tmp": "%USERPROFILE%\\AppData\\Local\\Temp",
        // Set by iisexpress.exe at start.
        "iis_bin": "%ProgramFiles%\\IIS Express",
        "iis_user_home": "%USERPROFILE%\\Documents\\IISExpress",
        "iis_sites_home": "%USERPROFILE%\\Documents\\My Web Sites",
    ]

    /// Windows variable names are case-insensitive.
    static func defaultValue(of name: String) -> String? { defaults[name.lowercased()] }
}
