print("isapi-bridge")
