/* isapi-bridge: wpframework.h, the worker-process framework header some IIS samples include
 * (IHttpServer::GetAppPoolName's example). Its one interface, IWpfSettings, is what
 * IHttpServer::GetWorkerProcessSettings returns; that method is not supported here (NULL), so the
 * interface stays the incomplete class httpserv.h declares. */
#ifndef ISAPI_BRIDGE_WPFRAMEWORK_H
#define ISAPI_BRIDGE_WPFRAMEWORK_H
#include "httpserv.h"
#endif
