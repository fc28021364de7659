import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthService, type StaffPrincipal } from '@continuum/identity';
import { ErrorResponseDto } from '../common/error-response';
import { Principal, Public } from './access.decorators';
import { SignInThrottled } from './throttling';
import { LoginDto, LoginResponseDto, RefreshDto, SessionTokensDto, StaffProfileDto } from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @SignInThrottled()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Account locked or too many attempts' })
  async login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    const { tokens, profile } = await this.auth.login(body.email, body.password);
    return { ...tokens, user: profile };
  }

  @Public()
  @SignInThrottled()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SessionTokensDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  refresh(@Body() body: RefreshDto): Promise<SessionTokensDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The session is ended (also when the token was unknown)' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: StaffProfileDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  me(@Principal() principal: StaffPrincipal): Promise<StaffProfileDto> {
    return this.auth.profile(principal);
  }
}
