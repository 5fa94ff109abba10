import type { NextFunction, Request, Response } from 'express'

export function drainListenersReachStream(req: Request, res: Response, next: NextFunction): void
