/// `isapi-bridge --version`; also the Debian package's version (`scripts/build-deb.sh` asks the binary).
enum Version {
    static let current = "0.1.0"
}
