import { Controller, Get, Header } from '@nestjs/common';
import { buildOpenApiDocument } from './openapi.document';

@Controller()
export class OpenApiController {
  private document: Record<string, unknown> | undefined;

  @Get('openapi.json')
  @Header('Content-Type', 'application/json')
  openApi(): Record<string, unknown> {
    // Built on first request: the schemas never change while the process runs.
    this.document ??= buildOpenApiDocument();
    return this.document;
  }
}
