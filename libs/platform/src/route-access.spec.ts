import { Controller, Get, type INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ROLES, ROLES_BY_DEFAULT, Roles } from '@clearpath/auth';
import { Public } from '@clearpath/observability';
import { ROUTE_ACCESS_EXTENSION, withRouteAccess } from './route-access';

@Controller('things')
@Roles('supervisor', 'compliance')
class ThingsController {
  @Get()
  list(): string[] {
    return [];
  }

  @Post(':id/approve')
  @Roles('compliance')
  approve(): void {}
}

abstract class BaseEndpoint {
  @Get('inherited')
  inherited(): string {
    return '';
  }
}

@Controller('open')
@Roles('ops')
class OpenController extends BaseEndpoint {
  @Get('page')
  @Public()
  page(): string {
    return '';
  }

  @Get('any')
  @Roles(...ROLES)
  anyone(): string {
    return '';
  }
}

@Controller('plain')
class PlainController {
  @Get()
  read(): string {
    return '';
  }
}

describe('withRouteAccess', () => {
  let app: INestApplication;
  beforeAll(async () => {
    @Module({ controllers: [ThingsController, OpenController, PlainController] })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  const accessOf = (document: ReturnType<typeof withRouteAccess>, path: string, method: 'get' | 'post'): unknown =>
    Object.getOwnPropertyDescriptor(document.paths[path]?.[method] ?? {}, ROUTE_ACCESS_EXTENSION)?.value;

  it('writes who may call each operation, the handler overriding its controller', () => {
    const document = withRouteAccess(app, SwaggerModule.createDocument(app, new DocumentBuilder().build()));
    expect(accessOf(document, '/things', 'get')).toEqual({ public: false, roles: ['supervisor', 'compliance'] });
    expect(accessOf(document, '/things/{id}/approve', 'post')).toEqual({ public: false, roles: ['compliance'] });
    expect(accessOf(document, '/open/page', 'get')).toEqual({ public: true, roles: [] });
    expect(accessOf(document, '/open/any', 'get')).toEqual({ public: false, roles: [...ROLES] });
    // No @Roles: any authenticated caller but core-banking, written out so a reader need not know the default.
    expect(accessOf(document, '/plain', 'get')).toEqual({ public: false, roles: [...ROLES_BY_DEFAULT] });
    expect(ROLES_BY_DEFAULT).not.toContain('core-banking');
    // A handler inherited from a base class has its subclass's access.
    expect(accessOf(document, '/open/inherited', 'get')).toEqual({ public: false, roles: ['ops'] });
  });

  it('marks an operation it cannot trace to a handler as closed to everyone, never as open', () => {
    const document = withRouteAccess(app, {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/ghost': { get: { operationId: 'Nobody_here', responses: {} } } },
    });
    expect(accessOf(document, '/ghost', 'get')).toEqual({ public: false, roles: [] });
  });
});
